package io.intelgraph.cutover.golden;

import java.io.IOException;
import java.net.CookieManager;
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
  }

  private final HttpClient client;
  private final Duration timeout;
  private final CookieManager cookies = new CookieManager();

  BoundedHttp(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(cookies)
        .build();
  }

  /** The values of the cookies the servers set so far (a login session), e.g. to register them as secrets. */
  java.util.List<String> cookieValues() {
    return cookies.getCookieStore().getCookies().stream().map(java.net.HttpCookie::getValue).toList();
  }

  Duration timeout() {
    return timeout;
  }

  /** Sends {@code request} (its own timeout is replaced by this one); {@code what} names the step in errors. */
  Exchange send(String what, HttpRequest.Builder request) {
    HttpRequest built = request.timeout(timeout).build();
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
