package io.intelgraph.cutover.sandbox.edge;

import io.intelgraph.cutover.sandbox.tls.SandboxCa;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Stand-in for the public load balancer: terminates TLS for the public host with a certificate
 * issued by a sandbox CA (valid for a configured time), adds the security headers production sends
 * (HSTS, X-Content-Type-Options), and reverse-proxies every request to the API router. The CA's PEM
 * is written to a file for {@code preflight.tls_trust}.
 */
public final class TlsEdge implements AutoCloseable {

  private final Undertow server;
  private final URI url;
  private final Path caPem;

  public TlsEdge(String publicHost, URI upstream, Duration validity, Path workDir)
      throws IOException {
    try {
      SandboxCa ca = SandboxCa.create("IntelGraph Sandbox CA", validity.plusDays(365));
      SandboxCa.Issued leaf = ca.issue(publicHost, validity, true);
      caPem = ca.writeCertificate(workDir.resolve("sandbox-ca.pem"));

      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      char[] password = "sandbox-edge".toCharArray();
      keyStore.setKeyEntry(
          "edge",
          leaf.keys().getPrivate(),
          password,
          new X509Certificate[] {leaf.certificate(), ca.certificate()});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);

      LoadBalancingProxyClient proxy =
          new LoadBalancingProxyClient().addHost(upstream).setConnectionsPerThread(8);
      HttpHandler forward =
          ProxyHandler.builder().setProxyClient(proxy).setMaxRequestTime(30_000).build();
      HttpHandler withHeaders =
          exchange -> {
            exchange
                .getResponseHeaders()
                .put(
                    HttpString.tryFromString("Strict-Transport-Security"),
                    "max-age=31536000; includeSubDomains");
            exchange
                .getResponseHeaders()
                .put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
            forward.handleRequest(exchange);
          };
      server =
          Undertow.builder()
              .addHttpsListener(0, "127.0.0.1", context)
              .setHandler(withHeaders)
              .build();
      server.start();
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      url = URI.create("https://127.0.0.1:" + port);
    } catch (GeneralSecurityException e) {
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

  @Override
  public void close() {
    server.stop();
  }
}
