package io.intelgraph.cutover.support;

import io.intelgraph.cutover.config.HttpProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

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
 * headers; a server that sends headers and then stalls the body would hang a plain {@code send}. So
 * the response is handed over with its headers and the body still a future ({@code HeadersFirst}),
 * whose wait is bounded by what is left of the same timeout; a stalled body is cancelled. The
 * exchange runs on the caller's thread ({@code send}, not {@code sendAsync}, whose result takes an
 * extra thread hop): this client's time is what the goldens report as a user's. Failures are raised
 * through the caller's exception type ({@link Failure}), so each package keeps its own. JDK API:
 * https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/java/net/http/HttpClient.html#send(java.net.http.HttpRequest,java.net.http.HttpResponse.BodyHandler)
 * and
 * https://docs.oracle.com/en/java/javase/17/docs/api/java.net.http/java/net/http/HttpResponse.BodySubscriber.html
 */
public final class BoundedHttp {

  /**
   * Makes the caller's exception from a message that names the step, method, URL, time and bound.
   */
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

  /**
   * Sends {@code request} (its own timeout and version are replaced by this one's); {@code what}
   * names the step in errors.
   */
  public Exchange send(String what, HttpRequest.Builder request) {
    return send(what, null, request);
  }

  /**
   * As {@link #send(String, HttpRequest.Builder)}, but failures name the request as {@code shownAs}
   * instead of its method and URL: for a URL that is itself a secret (a webhook's), e.g. {@code
   * "POST to env:WAR_ROOM_WEBHOOK_URL"}.
   */
  public Exchange send(String what, String shownAs, HttpRequest.Builder request) {
    HttpRequest built = request.timeout(timeout).version(version(request.build().uri())).build();
    String target = shownAs != null ? shownAs : built.method() + " " + built.uri();
    HeadersFirst body = new HeadersFirst();
    long start = System.nanoTime();
    try {
      // send, not sendAsync: the JDK's public sendAsync completes its future through the common
      // pool
      // (on a 2-core machine a new thread per request) before the caller sees it. The request's own
      // timeout bounds the headers, the wait below the rest of the body.
      HttpResponse<CompletableFuture<String>> headers = client.send(built, body);
      long left = timeout.toNanos() - (System.nanoTime() - start);
      String text = body.text.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      return new Exchange(new Received(headers, text), Duration.ofNanos(System.nanoTime() - start));
    } catch (HttpTimeoutException e) {
      throw timedOut(what, target, start, e);
    } catch (TimeoutException e) {
      body.cancel();
      throw timedOut(what, target, start, e);
    } catch (InterruptedException e) {
      body.cancel();
      Thread.currentThread().interrupt();
      throw failure.of("%s: interrupted while waiting for %s".formatted(what, target), e);
    } catch (IOException | ExecutionException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(what, target, start, cause);
      }
      throw failure.of(
          "%s: %s failed after %d ms: %s; check that the endpoint is reachable"
              .formatted(what, target, millisSince(start), describe(cause)),
          cause);
    }
  }

  /** The version to ask for at {@code uri} under this one's protocol setting. */
  public HttpClient.Version version(java.net.URI uri) {
    return HttpClients.version(uri, protocol);
  }

  private RuntimeException timedOut(String what, String target, long start, Throwable cause) {
    return failure.of(
        "%s: %s timed out after %d ms (bound %d ms): no complete response; the endpoint accepts but does not answer"
            .formatted(what, target, millisSince(start), timeout.toMillis()),
        cause);
  }

  public static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /**
   * An exception as one short phrase: an I/O failure by its simple name, anything else fully named.
   */
  public static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t instanceof IOException ? t.getClass().getSimpleName() : t.getClass().getName();
    return message == null ? type : type + ": " + message;
  }

  /**
   * Hands the response over as soon as its headers are in, with the body still to come as a future
   * (the string the JDK's {@code ofString} subscriber builds, in the response's charset), so the
   * caller can bound the wait for the body and cancel a stalled one.
   */
  private static final class HeadersFirst
      implements HttpResponse.BodyHandler<CompletableFuture<String>> {
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    @Override
    public HttpResponse.BodySubscriber<CompletableFuture<String>> apply(
        HttpResponse.ResponseInfo info) {
      HttpResponse.BodySubscriber<String> strings =
          HttpResponse.BodyHandlers.ofString().apply(info);
      strings
          .getBody()
          .whenComplete(
              (value, error) -> {
                if (error != null) text.completeExceptionally(error);
                else text.complete(value);
              });
      return new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletionStage<CompletableFuture<String>> getBody() {
          return CompletableFuture.completedFuture(text);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          if (cancelled) s.cancel(); // the caller gave up before the body started
          strings.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
          strings.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
          strings.onError(throwable);
        }

        @Override
        public void onComplete() {
          strings.onComplete();
        }
      };
    }

    /** Stops reading a body nobody waits for any more, so the connection is not left streaming. */
    void cancel() {
      cancelled = true;
      Flow.Subscription s = subscription;
      if (s != null) s.cancel();
      text.cancel(false);
    }
  }

  /** The response with its whole body, as callers see it. */
  private record Received(HttpResponse<CompletableFuture<String>> head, String body)
      implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return head.statusCode();
    }

    @Override
    public HttpRequest request() {
      return head.request();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return head.previousResponse()
          .map(earlier -> new Received(earlier, null)); // a redirect's hop has no body
    }

    @Override
    public HttpHeaders headers() {
      return head.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return head.sslSession();
    }

    @Override
    public URI uri() {
      return head.uri();
    }

    @Override
    public HttpClient.Version version() {
      return head.version();
    }
  }
}
