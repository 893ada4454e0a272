package io.intelgraph.cutover.support;

import io.intelgraph.cutover.config.HttpProtocol;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * the body is read by a subscriber whose result a watchdog fails with an {@link
 * HttpTimeoutException} (and whose subscription it cancels) once the same timeout has passed since
 * the request was sent ({@code BoundedBody}). {@code send} returns with the whole body: the
 * caller's thread is woken once per exchange, not once for the headers and again for a body that
 * takes more than one read (the difference a 3-hop answer showed against a bare client). The
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
    BoundedBody body = new BoundedBody();
    long start = System.nanoTime();
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(body.expiry(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      // send, not sendAsync: the JDK's public sendAsync completes its future through the common
      // pool (on a 2-core machine a new thread per request) before the caller sees it. The
      // request's own timeout bounds the headers, the watchdog the rest of the body.
      HttpResponse<String> response = client.send(built, body);
      return new Exchange(response, Duration.ofNanos(System.nanoTime() - start));
    } catch (HttpTimeoutException e) {
      throw timedOut(what, target, start, e);
    } catch (InterruptedException e) {
      body.cancel();
      Thread.currentThread().interrupt();
      throw failure.of("%s: interrupted while waiting for %s".formatted(what, target), e);
    } catch (IOException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw timedOut(what, target, start, e.getCause());
      }
      throw failure.of(
          "%s: %s failed after %d ms: %s; check that the endpoint is reachable"
              .formatted(what, target, millisSince(start), describe(e)),
          e);
    } finally {
      body.done();
      watchdog.cancel(false);
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
   * Fails the bodies that outlive their bound: one daemon thread for every client in the JVM, idle
   * unless a body is late. A finished exchange's task is cancelled but left in the queue to lapse
   * at its deadline (removing it would wake the thread on every request, as the next one becomes
   * the queue's head); it then holds only its emptied {@link Expiry}, never a response.
   */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "bounded-http-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(false);
    return executor;
  }

  /** What a watchdog task holds: the body until its exchange is over, then nothing. */
  private static final class Expiry implements Runnable {
    private volatile BoundedBody body;
    private final Duration bound;

    Expiry(BoundedBody body, Duration bound) {
      this.body = body;
      this.bound = bound;
    }

    @Override
    public void run() {
      BoundedBody late = body;
      if (late != null) late.expire(bound);
    }
  }

  /**
   * The JDK's {@code ofString} subscriber (the response's charset), whose result is this one's
   * future: completed by the body, or failed by the watchdog, which then stops the body's reading
   * so the connection is not left streaming.
   */
  private static final class BoundedBody implements HttpResponse.BodyHandler<String> {
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private Expiry expiry;

    Runnable expiry(Duration bound) {
      expiry = new Expiry(this, bound);
      return expiry;
    }

    /** The exchange is over: the watchdog's task lets go of this body. */
    void done() {
      expiry.body = null;
    }

    void expire(Duration bound) {
      if (text.completeExceptionally(
          new HttpTimeoutException(
              "no complete body within %d ms of the request".formatted(bound.toMillis())))) {
        cancel();
      }
    }

    /** Stops reading a body nobody waits for any more. */
    void cancel() {
      text.cancel(false);
      Flow.Subscription s = subscription;
      if (s != null) s.cancel();
    }

    @Override
    public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
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
        public CompletionStage<String> getBody() {
          return text;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          if (text.isDone()) s.cancel(); // expired or cancelled before the body started
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
  }
}
