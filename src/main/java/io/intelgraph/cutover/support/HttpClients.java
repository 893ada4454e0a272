package io.intelgraph.cutover.support;

import io.intelgraph.cutover.config.HttpProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Builds every HTTP client of the suite the same way, so no client speaks a protocol another would
 * not: a connect timeout, an explicit redirect policy, HTTP/1.1 on cleartext and HTTP/2 only where
 * TLS negotiates it.
 *
 * <pre>{@code
 * HttpClient http = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
 * http.send(HttpClients.request(uri, timeout).GET().build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Design note: the JDK's default version is HTTP/2, which on {@code http://} sends {@code
 * Upgrade: h2c}; some servers refuse that with 405 and proxies drop it. So a client's default is
 * HTTP/1.1, and {@link #request} asks for HTTP/2 on {@code https://}, where the JDK offers h2 and
 * http/1.1 by ALPN and uses what the server picks
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/java/net/http/HttpClient.Version.html).
 */
public final class HttpClients {

  private HttpClients() {}

  /**
   * A builder with the suite's settings, for a client that needs more (an {@code SSLContext}, a
   * cookie handler); {@code redirects} is explicit because following one is a decision (an OIDC
   * login must see each hop, a registry's blob redirect must be followed).
   */
  public static HttpClient.Builder builder(Duration connectTimeout, HttpClient.Redirect redirects) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(redirects)
        .version(HttpClient.Version.HTTP_1_1);
  }

  /** A client with the suite's settings. */
  public static HttpClient newClient(Duration connectTimeout, HttpClient.Redirect redirects) {
    return builder(connectTimeout, redirects).build();
  }

  /**
   * A request to {@code uri} bounded by {@code timeout} (response headers), in the version {@link
   * HttpProtocol#AUTO} picks.
   */
  public static HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri).timeout(timeout).version(version(uri, HttpProtocol.AUTO));
  }

  /** The version to ask for at {@code uri}: see {@link HttpProtocol}. */
  public static HttpClient.Version version(URI uri, HttpProtocol protocol) {
    return switch (protocol) {
      case HTTP1 -> HttpClient.Version.HTTP_1_1;
      case HTTP2 -> HttpClient.Version.HTTP_2;
      case AUTO ->
          "https".equalsIgnoreCase(uri.getScheme())
              ? HttpClient.Version.HTTP_2
              : HttpClient.Version.HTTP_1_1;
    };
  }
}
