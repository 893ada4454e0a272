package io.intelgraph.cutover.sandbox.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (EC P-256), issuing server certificates for {@code
 * 127.0.0.1} and a host name, and client certificates, in PEM as the real servers read them.
 *
 * <pre>{@code
 * SandboxCa ca = SandboxCa.create("Sandbox CA", Duration.ofDays(1));
 * SandboxCa.Issued server = ca.issue("prometheus.sandbox", Duration.ofDays(1), true);
 * server.writeCertificate(dir.resolve("server.pem")); server.writeKey(dir.resolve("server-key.pem"));
 * }</pre>
 */
public final class SandboxCa {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private SandboxCa(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A self-signed CA valid from a minute ago for {@code validity}. */
  public static SandboxCa create(String commonName, Duration validity) {
    X500Name name = new X500Name("CN=" + commonName);
    KeyPair keys = keyPair();
    return new SandboxCa(
        name, keys, certificate(name, name, keys, keys, Instant.now(), validity, true, null));
  }

  /** One certificate this CA issued, with its key. */
  public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {

    /** The certificate (PEM). */
    public Path writeCertificate(Path file) {
      return write(file, pem(certificate));
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public Path writeKey(Path file) {
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(keys.getPrivate().getEncoded());
      return write(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }
  }

  /**
   * A certificate for {@code host}; a server certificate also names {@code 127.0.0.1} and {@code
   * localhost}, where the sandbox's servers listen.
   */
  public Issued issue(String host, Duration validity, boolean server) {
    KeyPair subject = keyPair();
    GeneralNames names =
        server
            ? new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, host),
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                })
            : null;
    return new Issued(
        certificate(
            name, new X500Name("CN=" + host), subject, keys, Instant.now(), validity, false, names),
        subject,
        certificate);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The CA certificate (PEM), for a trust store ({@code ca_file}, {@code client_ca_file}, {@code
   * preflight.tls_trust}).
   */
  public Path writeCertificate(Path file) {
    return write(file, pem(certificate));
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator in this JDK", e);
    }
  }

  private static X509Certificate certificate(
      X500Name issuer,
      X500Name subject,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      Instant from,
      Duration validity,
      boolean isCa,
      GeneralNames names) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from.minusSeconds(60)),
              Date.from(from.plus(validity)),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (names != null) builder.addExtension(Extension.subjectAlternativeName, false, names);
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot issue a sandbox certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  static String pem(X509Certificate certificate) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
