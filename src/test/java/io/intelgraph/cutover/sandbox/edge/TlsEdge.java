package io.intelgraph.cutover.sandbox.edge;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
 * Stand-in for the public load balancer: terminates TLS for the public host with a certificate
 * issued by a sandbox CA (valid for a configured time), adds the security headers production sends
 * (HSTS, X-Content-Type-Options), and reverse-proxies every request to the API router. The CA's
 * PEM is written to a file for {@code preflight.tls_trust}.
 */
public final class TlsEdge implements AutoCloseable {

  private final Undertow server;
  private final URI url;
  private final Path caPem;

  public TlsEdge(String publicHost, URI upstream, Duration validity, Path workDir) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair leafKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      X509Certificate ca = certificate(new X500Name("CN=IntelGraph Sandbox CA"), new X500Name("CN=IntelGraph Sandbox CA"),
          caKeys, caKeys, now, validity.plusDays(365), true, null);
      X509Certificate leaf = certificate(new X500Name("CN=IntelGraph Sandbox CA"), new X500Name("CN=" + publicHost),
          leafKeys, caKeys, now, validity, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, publicHost), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      caPem = workDir.resolve("sandbox-ca.pem");
      Files.writeString(caPem, pem(ca));

      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      char[] password = "sandbox-edge".toCharArray();
      keyStore.setKeyEntry("edge", leafKeys.getPrivate(), password, new X509Certificate[] {leaf, ca});
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);

      LoadBalancingProxyClient proxy = new LoadBalancingProxyClient().addHost(upstream).setConnectionsPerThread(8);
      HttpHandler forward = ProxyHandler.builder().setProxyClient(proxy).setMaxRequestTime(30_000).build();
      HttpHandler withHeaders = exchange -> {
        exchange.getResponseHeaders().put(HttpString.tryFromString("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        forward.handleRequest(exchange);
      };
      server = Undertow.builder().addHttpsListener(0, "127.0.0.1", context).setHandler(withHeaders).build();
      server.start();
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      url = URI.create("https://127.0.0.1:" + port);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the sandbox TLS certificate: " + e.getMessage(), e);
    }
  }

  /** The HTTPS endpoint ({@code preflight.tls_endpoint}). */
  public URI url() {
    return url;
  }

  /** The sandbox CA in PEM ({@code preflight.tls_trust}). */
  public Path caPem() {
    return caPem;
  }

  private static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys,
      Instant from, Duration validity, boolean isCa, GeneralNames names)
      throws OperatorCreationException, GeneralSecurityException, IOException {
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(from.toEpochMilli()),
        Date.from(from.minusSeconds(60)), Date.from(from.plus(validity)), subject, subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (names != null) builder.addExtension(Extension.subjectAlternativeName, false, names);
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return text.toString();
  }

  @Override
  public void close() {
    server.stop();
  }
}
