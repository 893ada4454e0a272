package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;

/**
 * Asks Prometheus a PromQL question over its HTTP API and returns a strictly parsed, typed answer.
 * Every call is bounded (connect and whole-request timeout) and every failure is a {@link
 * PromQlException} that names the query: an outage is an answer the gates can judge, not a hang and
 * not a zero.
 *
 * <pre>{@code
 * PromQlClient prometheus = PromQlClient.forEnvironment(env);   // or new PromQlClient(URI.create("http://prometheus:9090"), Duration.ofSeconds(5))
 * QueryResult p95 = prometheus.query("histogram_quantile(0.95, ...)", Instant.now());
 * QueryResult day = prometheus.queryRange("up", from, to, Duration.ofSeconds(15));
 * }</pre>
 *
 * <p>Queries are sent as POST form bodies, so long gate expressions never hit URL length limits.
 * Thread-safe; one instance can serve all gates in parallel: the {@code *Async} methods hold no
 * thread while Prometheus works, and at most {@link #MAX_IN_FLIGHT} requests are in flight at once.
 *
 * <p>Design note, failing fast: a refused or reset connection and an unresolvable host are known at
 * once and reported at once, naming the endpoint, the cause and the fix; only silence (a port that
 * accepts but never answers) waits, and never longer than the query timeout. Nothing here retries
 * (the JDK client at most repeats a failed connect once, at once): the gates judge one answer per
 * question, and a missing one is the {@code ERROR} outcome, never a value.
 */
public final class PromQlClient {

  /**
   * Questions sent at once; the rest queue here, their timeout starting when they are sent. Covers
   * one check of the default gates (about 24 distinct questions) in a single round, so a silent
   * Prometheus costs one timeout per check; Prometheus itself runs 20 queries at a time by default
   * ({@code --query.max-concurrency}) and queues the rest briefly.
   */
  static final int MAX_IN_FLIGHT = 32;

  private final URI base;
  private final PrometheusAccess access;
  private final Duration timeout;
  private final HttpClient http;
  private final InFlightLimit inFlight = new InFlightLimit(MAX_IN_FLIGHT);

  /**
   * Over TLS the JDK client speaks HTTP/2 and multiplexes a check's questions over one connection,
   * but only once one exists: a fresh client asking ~24 questions at once makes a TLS handshake for
   * each (measured from a fresh client on 2 busy cores: a check ~300 ms slower than over cleartext;
   * the same as cleartext once connected). So on https the first exchange opens the connection
   * alone and the rest follow its answer; when it gets none (refused, silent, TLS refused) they
   * fail at once with its cause, each naming its own query, so silence still costs one timeout, and
   * the next exchange tries again. Completed once an answer came.
   */
  private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> connected =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** An anonymous client of the Prometheus at {@code base}, trusting the JDK's trust store. */
  public PromQlClient(URI base, Duration timeout) {
    this(PrometheusAccess.anonymous(base), timeout);
  }

  /**
   * A client of the Prometheus {@code access} describes: its path prefix, credentials, TLS and
   * headers.
   */
  public PromQlClient(PrometheusAccess access, Duration timeout) {
    this.access = Objects.requireNonNull(access, "Prometheus access");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + timeout);
    }
    this.base = access.base();
    this.timeout = timeout;
    this.http = access.configure(HttpClients.builder(timeout, HttpClient.Redirect.NEVER)).build();
  }

  /**
   * The one way the suite asks the environment's Prometheus, for the gates, replay, the KPI watch,
   * the closeout and the preflight alike: {@code endpoints.prometheus} with {@code
   * prometheus.auth}, {@code prometheus.tls}, {@code prometheus.headers} and {@code
   * prometheus.query_timeout}.
   *
   * @throws ConfigException when a PEM file of {@code prometheus.tls} cannot be used
   */
  public static PromQlClient forEnvironment(Environment environment) {
    return new PromQlClient(
        PrometheusAccess.of(environment.endpoints().prometheus(), environment.prometheus()),
        environment.prometheus().queryTimeout());
  }

  /** Prometheus's address as given. */
  public URI base() {
    return base;
  }

  /** An instant query evaluated at {@code time} ({@code /api/v1/query}). */
  public QueryResult query(String promql, Instant time) {
    return await(queryAsync(promql, time));
  }

  /**
   * As {@link #query}, without holding a thread while Prometheus thinks: the future completes with
   * the answer or, within the query timeout, with a {@link PromQlException}; it never hangs.
   */
  public CompletableFuture<QueryResult> queryAsync(String promql, Instant time) {
    return send(promql, time, "api/v1/query", "query=" + encode(promql) + "&time=" + seconds(time));
  }

  /**
   * A range query over [start, end] at {@code step} ({@code /api/v1/query_range}); Prometheus
   * stamps each step at start + k * step. Prometheus refuses more than 11,000 steps per query.
   */
  public QueryResult queryRange(String promql, Instant start, Instant end, Duration step) {
    return await(queryRangeAsync(promql, start, end, step));
  }

  /** As {@link #queryRange}, asynchronously, bounded like {@link #queryAsync}. */
  public CompletableFuture<QueryResult> queryRangeAsync(
      String promql, Instant start, Instant end, Duration step) {
    return exchange(rangeRequest(promql, start, end, step), promql, TEXT)
        .thenApply(
            response ->
                ResponseParser.parse(promql, start, response.statusCode(), response.body()));
  }

  private HttpRequest rangeRequest(String promql, Instant start, Instant end, Duration step) {
    if (end.isBefore(start))
      throw new IllegalArgumentException(
          "range end %s is before its start %s".formatted(end, start));
    if (step.isNegative() || step.isZero())
      throw new IllegalArgumentException("step must be positive, got " + step);
    return post(
        "api/v1/query_range",
        "query="
            + encode(promql)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + seconds(step));
  }

  /**
   * As {@link #queryRange}, the answer held as primitive columns and read as it streams in: for
   * long ranges (replay). Fails exactly as {@link #queryRange} does.
   */
  public RangeMatrix queryRangeMatrix(String promql, Instant start, Instant end, Duration step) {
    return await(queryRangeMatrixAsync(promql, start, end, step, nanos -> {}));
  }

  /**
   * As {@link #queryRangeMatrix}, asynchronously, bounded like {@link #queryAsync}; {@code
   * readNanos} is told how long reading the answer took, for a caller that reports where its time
   * goes.
   */
  public CompletableFuture<RangeMatrix> queryRangeMatrixAsync(
      String promql, Instant start, Instant end, Duration step, LongConsumer readNanos) {
    return exchange(rangeRequest(promql, start, end, step), promql, BYTES)
        .thenApply(
            response -> {
              long began = System.nanoTime();
              RangeMatrix matrix =
                  MatrixReader.read(promql, start, response.statusCode(), response.body());
              readNanos.accept(System.nanoTime() - began);
              return matrix;
            });
  }

  /**
   * The loaded alerting rules, their state and their firing alerts ({@code GET
   * /api/v1/rules?type=alert}, https://prometheus.io/docs/prometheus/latest/querying/api/#rules).
   * Failures are the same {@link PromQlException}s as a query's, naming {@link
   * AlertingRules#REQUEST}.
   */
  public AlertingRules alertingRules() {
    return await(alertingRulesAsync());
  }

  /** As {@link #alertingRules}, asynchronously, bounded like {@link #queryAsync}. */
  public CompletableFuture<AlertingRules> alertingRulesAsync() {
    HttpRequest request =
        access
            .authorize(HttpClients.request(access.resolve("api/v1/rules?type=alert"), timeout))
            .header("Accept", "application/json")
            .GET()
            .build();
    return exchange(request, AlertingRules.REQUEST)
        .thenApply(response -> AlertingRules.parse(response.statusCode(), response.body()));
  }

  /**
   * The label names of the series {@code match} selects within [start, end] ({@code GET
   * /api/v1/labels},
   * https://prometheus.io/docs/prometheus/latest/querying/api/#getting-label-names); empty when
   * none matched. Failures are the same {@link PromQlException}s as a query's, naming the request.
   */
  public LabelNames labelNames(String match, Instant start, Instant end) {
    return await(labelNamesAsync(match, start, end));
  }

  /** As {@link #labelNames}, asynchronously, bounded like {@link #queryAsync}. */
  public CompletableFuture<LabelNames> labelNamesAsync(String match, Instant start, Instant end) {
    if (end.isBefore(start))
      throw new IllegalArgumentException(
          "range end %s is before its start %s".formatted(end, start));
    HttpRequest request =
        access
            .authorize(
                HttpClients.request(
                    access.resolve(
                        "api/v1/labels?match%5B%5D="
                            + encode(match)
                            + "&start="
                            + seconds(start)
                            + "&end="
                            + seconds(end)),
                    timeout))
            .header("Accept", "application/json")
            .GET()
            .build();
    return exchange(request, LabelNames.request(match))
        .thenApply(response -> LabelNames.parse(match, response.statusCode(), response.body()));
  }

  private CompletableFuture<QueryResult> send(
      String promql, Instant time, String path, String form) {
    return exchange(post(path, form), promql, TEXT)
        .thenApply(
            response -> ResponseParser.parse(promql, time, response.statusCode(), response.body()));
  }

  /** A query sent as a form body. */
  private HttpRequest post(String path, String form) {
    return access
        .authorize(HttpClients.request(access.resolve(path), timeout))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  /** How an answer's body is read, and how it reads as text (for a refusal's message). */
  private record Body<T>(HttpResponse.BodyHandler<T> handler, Function<T, String> text) {}

  private static final Body<String> TEXT =
      new Body<>(HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), body -> body);

  /** The bytes as received, for a reader that streams them (no String copy of a large answer). */
  private static final Body<byte[]> BYTES =
      new Body<>(
          HttpResponse.BodyHandlers.ofByteArray(),
          body -> new String(body, StandardCharsets.UTF_8));

  /**
   * Sends, bounded; every transport failure becomes a PromQlException naming {@code promql} (what
   * was asked). Over TLS the first exchange of a client goes alone and the others follow its answer
   * (see {@link #connected}). The request's own timeout bounds only the wait for the response
   * headers, so the whole exchange is also bounded here, and cancelled (its connection closed) when
   * the bound passes.
   */
  private CompletableFuture<HttpResponse<String>> exchange(HttpRequest request, String promql) {
    return exchange(request, promql, TEXT);
  }

  private <T> CompletableFuture<HttpResponse<T>> exchange(
      HttpRequest request, String promql, Body<T> body) {
    if (!"https".equalsIgnoreCase(base.getScheme())) return bounded(request, promql, body);
    CompletableFuture<Void> opening = new CompletableFuture<>();
    CompletableFuture<Void> open = connected.compareAndExchange(null, opening);
    if (open == null) {
      return bounded(request, promql, body)
          .whenComplete(
              (response, failure) -> {
                Throwable cause = failure == null ? null : unwrap(failure);
                if (cause instanceof PromQlException e
                    && e.httpStatus().isEmpty()
                    && e.getCause() != null) {
                  connected.compareAndSet(
                      opening, null); // no connection: the next exchange tries again
                  opening.completeExceptionally(e);
                } else {
                  opening.complete(
                      null); // an answer, whatever its status: the connection is there to share
                }
              });
    }
    return open.handle((ignored, failure) -> failure)
        .thenCompose(
            failure ->
                failure == null
                    ? bounded(request, promql, body)
                    : CompletableFuture.failedFuture(failed(promql, unwrap(failure).getCause())));
  }

  /** One exchange under the in-flight limit and the query timeout. */
  private <T> CompletableFuture<HttpResponse<T>> bounded(
      HttpRequest request, String promql, Body<T> body) {
    return inFlight.submit(
        () -> {
          CompletableFuture<HttpResponse<T>> sent = http.sendAsync(request, body.handler());
          return sent.copy()
              .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
              .handle(
                  (response, failure) -> {
                    if (failure == null) return refusedOrAnswer(promql, response, body.text());
                    Throwable cause = unwrap(failure);
                    if (cause instanceof TimeoutException) sent.cancel(true);
                    throw failed(promql, cause);
                  });
        });
  }

  /**
   * 401 and 403 are about who asks, not what: an ERROR naming the endpoint, what was sent (by
   * reference) and the key to fix, never a value and never the credential.
   */
  private <T> HttpResponse<T> refusedOrAnswer(
      String promql, HttpResponse<T> response, Function<T, String> text) {
    int status = response.statusCode();
    if (status != 401 && status != 403) return response;
    String body = access.redact(text.apply(response.body()));
    String fix;
    if (status == 401 && !access.hasCredentials()) {
      fix =
          "it requires credentials and none are configured; set prometheus.auth (bearer_token or basic, secrets by reference)";
    } else if (status == 401) {
      fix =
          "it refused the credentials of prometheus.auth (%s); check the secret's value and the user name"
              .formatted(access.credentials());
    } else {
      fix =
          ("it knows who asks (%s) but does not let them query; grant read access to the API,"
                  + " and for Mimir, Cortex or a multi-tenant Thanos check the tenant in prometheus.headers (X-Scope-OrgID)")
              .formatted(access.credentials());
    }
    throw new PromQlException(
        PromQlException.Kind.HTTP_STATUS,
        promql,
        status,
        body,
        "Prometheus at %s answered %d %s for '%s': %s (answer: %s)"
            .formatted(
                base,
                status,
                status == 401 ? "Unauthorized" : "Forbidden",
                promql,
                fix,
                Excerpts.of(body)),
        null);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null)
      cause = cause.getCause();
    return cause;
  }

  /**
   * Tells the ways Prometheus can fail to answer apart, because they call for different fixes and
   * take different times: refused, reset or unresolvable is known at once; silence only after the
   * timeout. Nothing here retries, and the JDK client at most repeats a failed connect once, at
   * once ({@code jdk.httpclient.disableRetryConnect}): a dead Prometheus is an answer within
   * milliseconds, not a wait.
   */
  private PromQlException failed(String promql, Throwable cause) {
    String bound = "%s (prometheus.query_timeout)".formatted(human(timeout));
    if (cause instanceof HttpConnectTimeoutException) {
      return transport(
          PromQlException.Kind.TIMEOUT,
          promql,
          cause,
          "Prometheus at %s did not accept a connection within %s for '%s'; check the host and port in endpoints.prometheus and that no firewall drops the traffic"
              .formatted(base, bound, promql));
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return transport(
          PromQlException.Kind.TIMEOUT,
          promql,
          cause,
          "no answer from Prometheus at %s within %s for '%s': it accepts connections but does not answer; check that it is not hung or overloaded, or raise prometheus.query_timeout"
              .formatted(base, bound, promql));
    }
    if (has(cause, UnresolvedAddressException.class) || has(cause, UnknownHostException.class)) {
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          "Prometheus at %s is unreachable for '%s': host '%s' does not resolve (DNS); check the host name in endpoints.prometheus and this runner's DNS"
              .formatted(base, promql, base.getHost()));
    }
    if (has(cause, SSLException.class)) {
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          ("TLS with Prometheus at %s failed for '%s': %s; check that prometheus.tls.ca_file holds the CA that signed its certificate (for its host name),"
                  + " and when it requires a client certificate, prometheus.tls.cert_file and key_file")
              .formatted(base, promql, messages(cause)));
    }
    String failure = messages(cause).toLowerCase(Locale.ROOT);
    if ("https".equalsIgnoreCase(base.getScheme())
        && cause instanceof IOException
        && (failure.contains("broken pipe")
            || failure.contains("connection reset")
            || has(cause, java.nio.channels.ClosedChannelException.class))) {
      // under TLS 1.3 a server that requires a client certificate accepts the handshake and rejects
      // the missing or
      // unknown certificate afterwards: the client sees its request's connection closed, not an
      // SSLException
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          ("TLS with Prometheus at %s failed for '%s': the server closed the connection after the handshake (%s), as one that requires a client"
                  + " certificate does when none or an unknown one is sent, or one that is restarting; check that prometheus.tls.ca_file holds the CA"
                  + " that signed its certificate, and when it requires a client certificate, prometheus.tls.cert_file and key_file")
              .formatted(base, promql, messages(cause)));
    }
    if (cause instanceof IOException && failure.contains("connection reset")) {
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          "Prometheus at %s is unreachable for '%s': connection reset; check that Prometheus (or a proxy in front of it) is not restarting or crashing"
              .formatted(base, promql));
    }
    if (cause instanceof IOException && failure.contains("header parser received no bytes")) {
      // the JDK client's words for a connection that ended before any answer: a server (or proxy)
      // that dropped it, e.g. with a reset the client read as the end of the stream
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          "Prometheus at %s is unreachable for '%s': connection closed before any answer; check that Prometheus (or a proxy in front of it) is not restarting or crashing"
              .formatted(base, promql));
    }
    if (cause instanceof ConnectException) {
      // a ConnectException is a refusal unless the system said otherwise ("No route to host", ...);
      // the JDK often gives no message at all for a plain refusal
      String said = messages(cause);
      String reason =
          said.isEmpty() || said.toLowerCase(Locale.ROOT).contains("refused")
              ? "connection refused (nothing listens on %s)".formatted(hostAndPort())
              : said;
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          "Prometheus at %s is unreachable for '%s': %s; check that Prometheus is running there and that endpoints.prometheus points at it"
              .formatted(base, promql, reason));
    }
    if (cause instanceof IOException) {
      return transport(
          PromQlException.Kind.UNREACHABLE,
          promql,
          cause,
          "Prometheus at %s failed for '%s': %s; check that endpoints.prometheus is Prometheus's HTTP API"
              .formatted(base, promql, describe(cause)));
    }
    if (cause instanceof CancellationException) {
      return transport(
          PromQlException.Kind.TIMEOUT,
          promql,
          cause,
          "cancelled while waiting for Prometheus at %s for '%s'".formatted(base, promql));
    }
    if (cause instanceof RuntimeException e) throw e; // a parser bug, not an outage: let it surface
    return transport(
        PromQlException.Kind.UNREACHABLE,
        promql,
        cause,
        "Prometheus at %s failed for '%s': %s".formatted(base, promql, describe(cause)));
  }

  private static PromQlException transport(
      PromQlException.Kind kind, String promql, Throwable cause, String message) {
    return new PromQlException(kind, promql, 0, "", message, cause);
  }

  /**
   * Waits for a future of this client (bounded by construction) and rethrows its PromQlException as
   * is.
   */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      if (e.getCause() instanceof Error cause) throw cause;
      throw e;
    }
  }

  /** 5s, 1500ms: how the timeout was configured. */
  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private String hostAndPort() {
    int port =
        base.getPort() != -1
            ? base.getPort()
            : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    return base.getHost() + ":" + port;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }

  /**
   * The distinct messages along the cause chain, e.g. "No route to host"; empty when none has one.
   */
  private static String messages(Throwable t) {
    java.util.LinkedHashSet<String> said = new java.util.LinkedHashSet<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) said.add(c.getMessage());
    }
    return String.join(": ", said);
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** Seconds with millisecond precision, as the API accepts them. */
  static String seconds(Instant time) {
    long millis = time.toEpochMilli();
    return "%d.%03d".formatted(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
  }

  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return "%d.%03d".formatted(millis / 1000, millis % 1000);
  }
}
