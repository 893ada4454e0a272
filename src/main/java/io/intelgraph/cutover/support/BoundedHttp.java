package io.intelgraph.cutover.support;

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
 * <pre>{@code
 * BoundedHttp http = new BoundedHttp(HttpClients.newClient(timeout, Redirect.NEVER), timeout,
 *     HttpProtocol.AUTO, PreflightException::new);
 * BoundedHttp.Exchange health = http.send("API health", HttpRequest.newBuilder(uri).GET());
 * }</pre>
 *
 * <p>Design note: {@link HttpRequest.Builder#timeout} only bounds the wait for the response
 * headers; a server that sends headers and then stalls the body would hang a plain
 * {@code send}. So every exchange also runs under a future bounded by the same timeout. Failures
 * are raised through the caller's exception type ({@link Failure}), so each package keeps its own.
 */
public final class BoundedHttp {

  /** Makes the caller's exception from a message that names the step, method, URL, time and bound. */
  @FunctionalInterface
  public interface Failure {
    RuntimeException of(String message, Throwable cause);
  }

  /** One response and the time from sending the request to having the whole body. */
  public record Exchange(HttpResponse<String> response, Duration elapsed) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final HttpProtocol protocol;
  private final Failure failure;

  public BoundedHttp(HttpClient client, Duration timeout, HttpProtocol protocol, Failure failure) {
    this.client = client;
    this.timeout = timeout;
    this.protocol = protocol;
    this.failure = failure;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Sends {@code request} (its own timeout and version are replaced by this one's); {@code what} names the step in errors. */
  public Exchange send(String what, HttpRequest.Builder request) {
    return send(what, null, request);
  }

  /**
   * As {@link #send(String, HttpRequest.Builder)}, but failures name the request as {@code shownAs}
   * instead of its method and URL: for a URL that is itself a secret (a webhook's), e.g.
   * {@code "POST to env:WAR_ROOM_WEBHOOK_URL"}.
   */
  public Exchange send(String what, String shownAs, HttpRequest.Builder request) {
    HttpRequest built = request.timeout(timeout).version(version(request.build().uri())).build();
    String target = shownAs != null ? shownAs : built.method() + " " + built.uri();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(built, HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Exchange(response, Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(what, target, start, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw failure.of("%s: interrupted while waiting for %s".formatted(what, target), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(what, target, start, cause);
      }
      throw failure.of("%s: %s failed after %d ms: %s; check that the endpoint is reachable"
          .formatted(what, target, millisSince(start), describe(cause)), cause);
    }
  }

  /** The version to ask for at {@code uri} under this one's protocol setting. */
  public HttpClient.Version version(java.net.URI uri) {
    return HttpClients.version(uri, protocol);
  }

  private RuntimeException timedOut(String what, String target, long start, Throwable cause) {
    return failure.of("%s: %s timed out after %d ms (bound %d ms): no complete response; the endpoint accepts but does not answer"
        .formatted(what, target, millisSince(start), timeout.toMillis()), cause);
  }

  public static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** An exception as one short phrase: an I/O failure by its simple name, anything else fully named. */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t instanceof IOException ? t.getClass().getSimpleName() : t.getClass().getName();
    return message == null ? type : type + ": " + message;
  }
}
