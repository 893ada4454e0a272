package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.support.BoundedHttp;
import io.intelgraph.cutover.support.BoundedHttp.Exchange;
import io.intelgraph.cutover.support.HttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * The goldens' HTTP: a {@link BoundedHttp} that keeps cookies as a browser keeps them ({@link
 * BrowserCookies}) and never follows a redirect (the OIDC login must see each hop), with the likely
 * cause of a failing status spelled out for the goldens' configuration.
 *
 * <p>The HTTP version follows {@code goldens.http} ({@link HttpProtocol}): by default HTTP/1.1 on
 * cleartext and HTTP/2 only where TLS negotiates it ({@link HttpClients}).
 */
final class GoldenHttp {

  private final BrowserCookies cookies = new BrowserCookies();
  private final BoundedHttp http;

  GoldenHttp(Duration timeout) {
    this(timeout, HttpProtocol.AUTO);
  }

  GoldenHttp(Duration timeout, HttpProtocol protocol) {
    // the JDK's own stages (cookies, the string body) are short and non-blocking: run them where
    // the
    // response arrives instead of handing each to the client's default pool, a thread hop per stage
    // that the goldens would count as the user's latency
    // (https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/java/net/http/HttpClient.Builder.html#executor(java.util.concurrent.Executor))
    HttpClient client =
        HttpClients.builder(timeout, HttpClient.Redirect.NEVER)
            .cookieHandler(cookies)
            .executor(Runnable::run)
            .build();
    this.http = new BoundedHttp(client, timeout, protocol, GoldenException::new);
  }

  /**
   * The values of the cookies the servers set so far (a login session), e.g. to register them as
   * secrets.
   */
  List<String> cookieValues() {
    return cookies.values();
  }

  Duration timeout() {
    return http.timeout();
  }

  /**
   * Sends {@code request} (its own timeout is replaced by this one); {@code what} names the step in
   * errors.
   */
  Exchange send(String what, HttpRequest.Builder request) {
    return http.send(what, request);
  }

  /** The version to ask for at {@code uri}: see {@link HttpProtocol}. */
  HttpClient.Version version(URI uri) {
    return http.version(uri);
  }

  /** The status with its likely cause and the page's own error text, for a failure message. */
  static String describeFailure(Exchange exchange) {
    return "HTTP %d%s: %s"
        .formatted(
            exchange.status(),
            likelyCause(
                exchange.status(),
                exchange.response().request().method(),
                exchange.response().version()),
            PageText.errorOf(exchange.body()));
  }

  /**
   * What a status most likely means for a client like this one, e.g. a 405 on a POST: empty when
   * the status speaks for itself.
   */
  static String likelyCause(int status, String method, HttpClient.Version version) {
    return switch (status) {
      case 405 ->
          (" (the server refused the request method %s%s; if it speaks only HTTP/1.1, set goldens.http: http1;"
                  + " else check the URL path)")
              .formatted(method, version == HttpClient.Version.HTTP_2 ? " over HTTP/2" : "");
      case 400 ->
          " (the server rejected the request as malformed; a login that loses its cookies between steps ends here)";
      case 404 ->
          " (no such path; check endpoints.api, goldens.graphql_path or endpoints.oidc_issuer)";
      case 502, 503, 504 -> " (a proxy or load balancer could not reach the service)";
      default -> "";
    };
  }
}
