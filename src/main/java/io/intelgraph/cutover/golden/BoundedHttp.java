package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.HttpProtocol;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one HTTP request with a hard upper bound and times the exchange alone.
 *
 * <p>Design note: {@link HttpRequest.Builder#timeout} only bounds the wait for the response
 * headers; a server that sends headers and then stalls the body would hang a plain
 * {@code send}. So every exchange also runs under a future bounded by the same timeout. Redirects
 * are never followed: the OIDC login must see each hop.
 *
 * <p>The HTTP version follows {@link HttpProtocol}: by default HTTP/1.1 on cleartext (the JDK
 * would otherwise send {@code Upgrade: h2c}, which some servers refuse with 405) and HTTP/2 only
 * where TLS negotiates it. Cookies are kept as a browser keeps them ({@link BrowserCookies}).
 */
final class BoundedHttp {

  /** One response and the time from sending the request to having the whole body. */
  record Exchange(HttpResponse<String> response, Duration elapsed) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    /** The status with its likely cause and the page's own error text, for a failure message. */
    String describeFailure() {
      return "HTTP %d%s: %s".formatted(status(), likelyCause(status(), response.request().method(), response.version()),
          PageText.errorOf(body()));
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final HttpProtocol protocol;
  private final BrowserCookies cookies = new BrowserCookies();

  BoundedHttp(Duration timeout) {
    this(timeout, HttpProtocol.AUTO);
  }

  BoundedHttp(Duration timeout, HttpProtocol protocol) {
    this.timeout = timeout;
    this.protocol = protocol;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(cookies)
        .build();
  }

  /** The values of the cookies the servers set so far (a login session), e.g. to register them as secrets. */
  java.util.List<String> cookieValues() {
    return cookies.values();
  }

  Duration timeout() {
    return timeout;
  }

  /** Sends {@code request} (its own timeout is replaced by this one); {@code what} names the step in errors. */
  Exchange send(String what, HttpRequest.Builder request) {
    HttpRequest built = request.timeout(timeout).version(version(request.build().uri())).build();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(built, HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Exchange(response, Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(what, built, start, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new GoldenException("%s: interrupted while waiting for %s %s".formatted(what, built.method(), built.uri()), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(what, built, start, cause);
      }
      throw new GoldenException("%s: %s %s failed after %d ms: %s; check that the endpoint is reachable"
          .formatted(what, built.method(), built.uri(), millisSince(start), describe(cause)), cause);
    }
  }

  /** The version to ask for at {@code uri}: see {@link HttpProtocol}. */
  HttpClient.Version version(java.net.URI uri) {
    return switch (protocol) {
      case HTTP1 -> HttpClient.Version.HTTP_1_1;
      case HTTP2 -> HttpClient.Version.HTTP_2;
      // on https the JDK offers h2 and http/1.1 by ALPN and uses what the server picks
      case AUTO -> "https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    };
  }

  /**
   * What a status most likely means for a client like this one, e.g. a 405 on a POST: empty when
   * the status speaks for itself.
   */
  static String likelyCause(int status, String method, HttpClient.Version version) {
    return switch (status) {
      case 405 -> (" (the server refused the request method %s%s; if it speaks only HTTP/1.1, set goldens.http: http1;"
          + " else check the URL path)").formatted(method, version == HttpClient.Version.HTTP_2 ? " over HTTP/2" : "");
      case 400 -> " (the server rejected the request as malformed; a login that loses its cookies between steps ends here)";
      case 404 -> " (no such path; check endpoints.api, goldens.graphql_path or endpoints.oidc_issuer)";
      case 502, 503, 504 -> " (a proxy or load balancer could not reach the service)";
      default -> "";
    };
  }

  private GoldenException timedOut(String what, HttpRequest request, long start, Throwable cause) {
    return new GoldenException("%s: %s %s timed out after %d ms (bound %d ms): no complete response; the endpoint accepts but does not answer"
        .formatted(what, request.method(), request.uri(), millisSince(start), timeout.toMillis()), cause);
  }

  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t instanceof IOException ? t.getClass().getSimpleName() : t.getClass().getName();
    return message == null ? type : type + ": " + message;
  }
}
