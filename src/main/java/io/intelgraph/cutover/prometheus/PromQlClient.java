package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.support.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Asks Prometheus a PromQL question over its HTTP API and returns a strictly parsed, typed answer.
 * Every call is bounded (connect and whole-request timeout) and every failure is a
 * {@link PromQlException} that names the query: an outage is an answer the gates can judge, not a
 * hang and not a zero.
 *
 * <pre>{@code
 * PromQlClient prometheus = new PromQlClient(URI.create("http://prometheus:9090"), Duration.ofSeconds(5));
 * QueryResult p95 = prometheus.query("histogram_quantile(0.95, ...)", Instant.now());
 * QueryResult day = prometheus.queryRange("up", from, to, Duration.ofSeconds(15));
 * }</pre>
 *
 * <p>Queries are sent as POST form bodies, so long gate expressions never hit URL length limits.
 * Thread-safe; one instance can serve all gates in parallel.
 */
public final class PromQlClient {

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  public PromQlClient(URI base, Duration timeout) {
    Objects.requireNonNull(base, "Prometheus base URI");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + timeout);
    }
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.http = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
  }

  /** Prometheus's address as given. */
  public URI base() {
    return base;
  }

  /** An instant query evaluated at {@code time} ({@code /api/v1/query}). */
  public QueryResult query(String promql, Instant time) {
    return send(promql, time, "api/v1/query", "query=" + encode(promql) + "&time=" + seconds(time));
  }

  /**
   * A range query over [start, end] at {@code step} ({@code /api/v1/query_range}); Prometheus stamps
   * each step at start + k * step. Prometheus refuses more than 11,000 steps per query.
   */
  public QueryResult queryRange(String promql, Instant start, Instant end, Duration step) {
    if (end.isBefore(start)) throw new IllegalArgumentException("range end %s is before its start %s".formatted(end, start));
    if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive, got " + step);
    return send(promql, start, "api/v1/query_range", "query=" + encode(promql) + "&start=" + seconds(start)
        + "&end=" + seconds(end) + "&step=" + seconds(step));
  }

  /**
   * The loaded alerting rules, their state and their firing alerts ({@code GET /api/v1/rules?type=alert},
   * https://prometheus.io/docs/prometheus/latest/querying/api/#rules). Failures are the same
   * {@link PromQlException}s as a query's, naming {@link AlertingRules#REQUEST}.
   */
  public AlertingRules alertingRules() {
    HttpRequest request = HttpClients.request(base.resolve("api/v1/rules?type=alert"), timeout)
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<String> response = exchange(request, AlertingRules.REQUEST);
    return AlertingRules.parse(response.statusCode(), response.body());
  }

  private QueryResult send(String promql, Instant time, String path, String form) {
    HttpRequest request = HttpClients.request(base.resolve(path), timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    HttpResponse<String> response = exchange(request, promql);
    return ResponseParser.parse(promql, time, response.statusCode(), response.body());
  }

  /** Sends, bounded; every transport failure becomes a PromQlException naming {@code promql} (what was asked). */
  private HttpResponse<String> exchange(HttpRequest request, String promql) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new PromQlException(PromQlException.Kind.TIMEOUT, promql, 0, "",
          "could not connect to Prometheus at %s within %s for '%s'".formatted(base, timeout, promql), e);
    } catch (HttpTimeoutException e) {
      throw new PromQlException(PromQlException.Kind.TIMEOUT, promql, 0, "",
          "no answer from Prometheus at %s within %s for '%s'".formatted(base, timeout, promql), e);
    } catch (ConnectException e) {
      throw new PromQlException(PromQlException.Kind.UNREACHABLE, promql, 0, "",
          "Prometheus at %s is unreachable for '%s': %s".formatted(base, promql, describe(e)), e);
    } catch (IOException e) {
      throw new PromQlException(PromQlException.Kind.UNREACHABLE, promql, 0, "",
          "Prometheus at %s failed for '%s': %s".formatted(base, promql, describe(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromQlException(PromQlException.Kind.TIMEOUT, promql, 0, "",
          "interrupted while waiting for Prometheus at %s for '%s'".formatted(base, promql), e);
    }
    return response;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
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
