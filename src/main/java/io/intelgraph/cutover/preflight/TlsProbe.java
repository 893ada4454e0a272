package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.support.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Connects to the public HTTPS endpoint as a browser would (SNI and hostname verification for the
 * public host, chain validated against the trust store) and reads the leaf certificate and the
 * security headers of a real response.
 */
public final class TlsProbe {

  /** What the handshake and one response showed. */
  public record TlsReport(
      String host,
      String subject,
      String issuer,
      Instant notAfter,
      Duration remaining,
      int chainLength,
      Map<String, List<String>> headers) {

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  private final SSLContext context;
  private final Duration timeout;
  private final Clock clock;

  public TlsProbe(Optional<Path> extraTrust, Duration timeout, Clock clock) {
    this.context = sslContext(extraTrust);
    this.timeout = timeout;
    this.clock = clock;
  }

  public TlsReport inspect(URI endpoint, String publicHost) {
    if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new PreflightException(
          "TLS endpoint %s is not https; set `preflight.tls_endpoint` to the public HTTPS URL"
              .formatted(endpoint));
    }
    int port = endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    X509Certificate[] chain = handshake(endpoint.getHost(), port, publicHost);
    X509Certificate leaf = chain[0];
    Instant notAfter = leaf.getNotAfter().toInstant();
    return new TlsReport(
        publicHost,
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        notAfter,
        Duration.between(clock.instant(), notAfter),
        chain.length,
        headers(endpoint));
  }

  private X509Certificate[] handshake(String host, int port, String publicHost) {
    try (java.net.Socket plain = new java.net.Socket()) {
      plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      // layered with the public name as the peer host: that name is what SNI sends and what the
      // certificate is verified against, whatever address was dialled
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, publicHost, port, false);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(publicHost)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      Certificate[] peer = socket.getSession().getPeerCertificates();
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : peer) chain.add((X509Certificate) certificate);
      return chain.toArray(X509Certificate[]::new);
    } catch (javax.net.ssl.SSLException e) {
      throw new PreflightException(
          "TLS handshake with %s:%d as %s failed: %s; the certificate chain or name is not valid for clients"
              .formatted(host, port, publicHost, e.getMessage()),
          e);
    } catch (IOException e) {
      throw new PreflightException(
          "cannot reach %s:%d within %d ms: %s"
              .formatted(host, port, timeout.toMillis(), e.getMessage()),
          e);
    }
  }

  private Map<String, List<String>> headers(URI endpoint) {
    HttpClient client =
        HttpClients.builder(timeout, HttpClient.Redirect.NEVER).sslContext(context).build();
    try {
      HttpResponse<Void> response =
          client.send(
              HttpClients.request(endpoint.resolve("/api/health"), timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.headers().map();
    } catch (IOException e) {
      throw new PreflightException(
          "GET %s failed within %d ms: %s"
              .formatted(endpoint.resolve("/api/health"), timeout.toMillis(), e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("interrupted while reading headers of " + endpoint, e);
    }
  }

  private static SSLContext sslContext(Optional<Path> extraTrust) {
    try {
      return TlsContexts.trustingAlso(extraTrust, "`preflight.tls_trust`");
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PreflightException(e.getMessage(), e);
    }
  }
}
