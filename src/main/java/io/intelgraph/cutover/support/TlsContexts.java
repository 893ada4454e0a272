package io.intelgraph.cutover.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the suite's TLS contexts from PEM files with the JDK alone: the trust store (the JDK's, a
 * private CA instead of it, or both) and a client certificate with its PKCS#8 key for mutual TLS.
 * Every problem is an {@link IllegalArgumentException} naming the configuration key, the file and
 * the fix, never the key's bytes.
 *
 * <pre>{@code
 * SSLContext tls = TlsContexts.of(Optional.of(ca), Optional.of(cert), Optional.of(key), "prometheus.tls");
 * HttpClient http = HttpClients.builder(timeout, Redirect.NEVER).sslContext(tls).build();
 * }</pre>
 */
public final class TlsContexts {

  /** RFC 7468's textual encoding: a block's label and its base64 body. */
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private TlsContexts() {}

  /**
   * The JDK's trusted CAs plus the certificates of {@code extraTrust} (a private CA), no client
   * certificate.
   */
  public static SSLContext trustingAlso(Optional<Path> extraTrust, String key) {
    try {
      KeyStore store = emptyStore();
      int index = 0;
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      for (var manager : defaults.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate ca : x509.getAcceptedIssuers())
            store.setCertificateEntry("default-" + index++, ca);
        }
      }
      if (extraTrust.isPresent()) {
        for (X509Certificate ca : certificates(extraTrust.get(), key))
          store.setCertificateEntry("extra-" + index++, ca);
      }
      return context(null, trusting(store));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot build the TLS trust store for %s: %s".formatted(key, e.getMessage()), e);
    }
  }

  /**
   * A context that trusts only the CAs of {@code caFile} (the JDK's trust store when absent), as
   * Prometheus's {@code tls_config.ca_file} and kubectl's {@code certificate-authority} do, and
   * presents {@code certFile} with {@code keyFile} when a server asks for a client certificate.
   *
   * @param key the configuration key the files come from, e.g. {@code prometheus.tls}, named in
   *     every error
   */
  public static SSLContext of(
      Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, String key) {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(
          "%s: a client certificate needs both cert_file and key_file".formatted(key));
    }
    try {
      TrustManagerFactory trust = null;
      if (caFile.isPresent()) {
        KeyStore store = emptyStore();
        int index = 0;
        for (X509Certificate ca : certificates(caFile.get(), key + ".ca_file"))
          store.setCertificateEntry("ca-" + index++, ca);
        trust = trusting(store);
      }
      KeyManagerFactory keys = null;
      if (certFile.isPresent()) {
        List<X509Certificate> chain = certificates(certFile.get(), key + ".cert_file");
        PrivateKey privateKey = privateKey(keyFile.get(), key + ".key_file");
        char[] password = new char[0];
        if (!belongTogether(privateKey, chain.get(0))) {
          throw new IllegalArgumentException(
              "%s: the key in %s does not belong to the first certificate in %s (%s); give that certificate's key"
                  .formatted(
                      key,
                      keyFile.get(),
                      certFile.get(),
                      chain.get(0).getSubjectX500Principal().getName()));
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey, password, chain.toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
      }
      return context(keys, trust);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot build the TLS context of %s: %s".formatted(key, e.getMessage()), e);
    }
  }

  /** Every certificate in a PEM file; none is an error naming the file. */
  static List<X509Certificate> certificates(Path file, String key) {
    byte[] bytes = read(file, key);
    try {
      List<X509Certificate> found = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        found.add((X509Certificate) c);
      }
      if (found.isEmpty()) throw new CertificateException("no certificate");
      return found;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "%s: %s holds no PEM certificate (-----BEGIN CERTIFICATE-----) the JDK can read (%s); give the PEM file"
              .formatted(key, file, e.getMessage()),
          e);
    }
  }

  /**
   * The PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, RSA, EC or Ed25519) of a PEM file.
   */
  static PrivateKey privateKey(Path file, String key) {
    String text = new String(read(file, key), StandardCharsets.US_ASCII);
    Matcher block = PEM.matcher(text);
    while (block.find()) {
      String label = block.group(1);
      if (label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY")) {
        throw new IllegalArgumentException(
            ("%s: %s is a '%s' PEM; convert it to PKCS#8:"
                    + " openssl pkcs8 -topk8 -nocrypt -in %s -out key.pk8.pem")
                .formatted(key, file, label, file.getFileName()));
      }
      if (label.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "%s: %s is encrypted; give it unencrypted (openssl pkcs8 -topk8 -nocrypt), readable only by the runner"
                .formatted(key, file));
      }
      if (!label.equals("PRIVATE KEY")) continue;
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException ignored) {
          // not this algorithm: try the next
        }
      }
      throw new IllegalArgumentException(
          "%s: the PRIVATE KEY in %s is neither RSA, EC nor Ed25519; give the certificate's PKCS#8 key"
              .formatted(key, file));
    }
    throw new IllegalArgumentException(
        "%s: %s holds no '-----BEGIN PRIVATE KEY-----' block; give the client certificate's PKCS#8 PEM key"
            .formatted(key, file));
  }

  /**
   * A signature by the key verifies with the certificate's public key: a mismatch found here, not
   * in a handshake's alert.
   */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] probe = "maestro-cutover client certificate".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(certificate.getPublicKey());
    } catch (java.security.InvalidKeyException e) {
      return false; // a certificate of another key type
    }
    verifier.update(probe);
    return verifier.verify(signature);
  }

  private static byte[] read(Path file, String key) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "%s: %s cannot be read (%s); mount or create it, readable by the runner"
              .formatted(key, file, e.getClass().getSimpleName()),
          e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static TrustManagerFactory trusting(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  private static SSLContext context(KeyManagerFactory keys, TrustManagerFactory trust)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keys == null ? null : keys.getKeyManagers(),
        trust == null ? null : trust.getTrustManagers(),
        null);
    return context;
  }
}
