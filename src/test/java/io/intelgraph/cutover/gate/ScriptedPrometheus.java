package io.intelgraph.cutover.gate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * An HTTP stand-in for Prometheus's query API that answers every PromQL expression with a scripted
 * function of (query, time): instant queries at their {@code time}, range queries at start + k *
 * step, in the API's own JSON shape (https://prometheus.io/docs/prometheus/latest/querying/api/). A
 * null value is "no data", a query listed in {@link #failing} gets HTTP 503. For the comparison
 * with stable, where the exact per-interval values matter more than PromQL semantics.
 *
 * <p>Behind a path prefix and an authenticating proxy ({@link #behindProxy}), as Mimir, Cortex or a
 * Thanos querier behind kube-rbac-proxy are: the API answers under the prefix only, a request
 * without the expected {@code Authorization} is 401, one with it but another tenant ({@code
 * X-Scope-OrgID}) is 403; every request's path and headers are recorded in {@link #requests}.
 *
 * <p>Its label names API ({@code GET /api/v1/labels}) answers {@link #LABEL_NAMES} for every {@code
 * match[]}: the labels the default gates match on (the runbook's {@code status} among them), so a
 * gate's metric contract holds unless a test says otherwise.
 *
 * <p>Public for the runbook lines' unit tests, which judge the same answers.
 */
public final class ScriptedPrometheus implements AutoCloseable {

  private final HttpServer server;
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Request> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String prefix;

  /** What the label names API answers, for any series selector. */
  static final List<String> LABEL_NAMES =
      List.of(
          "__name__",
          "alertname",
          "alertstate",
          "hops",
          "instance",
          "job",
          "le",
          "method",
          "route",
          "status",
          "topic",
          "track");

  /** What one request sent: its path and its headers (names lower case). */
  record Request(String path, Map<String, String> headers) {}

  public ScriptedPrometheus(BiFunction<String, Instant, Double> values) {
    this(values, "", null, null);
  }

  /**
   * The API under {@code prefix} (e.g. {@code /prometheus}), answering only {@code authorization}
   * for {@code tenant} (null: any).
   */
  static ScriptedPrometheus behindProxy(
      BiFunction<String, Instant, Double> values,
      String prefix,
      String authorization,
      String tenant) {
    return new ScriptedPrometheus(values, prefix, authorization, tenant);
  }

  private ScriptedPrometheus(
      BiFunction<String, Instant, Double> values,
      String prefix,
      String authorization,
      String tenant) {
    this.prefix = prefix;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        prefix + "/api/v1/",
        exchange -> {
          Map<String, String> sent = new HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, value) ->
                      sent.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", value)));
          requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(sent)));
          int refused =
              authorization == null
                  ? 0
                  : !authorization.equals(sent.get("authorization"))
                      ? 401
                      : tenant != null && !tenant.equals(sent.get("x-scope-orgid")) ? 403 : 0;
          if (refused != 0) {
            byte[] denied =
                (refused == 401
                        ? "Unauthorized"
                        : "Forbidden (user=cutover, verb=get, resource=prometheus)")
                    .getBytes(StandardCharsets.UTF_8);
            if (refused == 401)
              exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"prometheus\"");
            exchange.sendResponseHeaders(refused, denied.length);
            exchange.getResponseBody().write(denied);
            exchange.close();
            return;
          }
          if (exchange.getRequestURI().getPath().endsWith("/labels")) {
            byte[] names =
                ("{\"status\":\"success\",\"data\":[\""
                        + String.join("\",\"", LABEL_NAMES)
                        + "\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, names.length);
            exchange.getResponseBody().write(names);
            exchange.close();
            return;
          }
          Map<String, String> form =
              form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String query = form.get("query");
          asked.add(query);
          boolean range = exchange.getRequestURI().getPath().endsWith("query_range");
          String body;
          int status = 200;
          if (failing.contains(query)) {
            status = 503;
            body =
                "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"scripted outage\"}";
          } else if (range) {
            double start = Double.parseDouble(form.get("start"));
            double end = Double.parseDouble(form.get("end"));
            double step = Double.parseDouble(form.get("step"));
            StringBuilder pairs = new StringBuilder();
            for (double t = start; t <= end + 1e-9; t += step) {
              Double v = values.apply(query, at(t));
              if (v == null) continue;
              pairs.append(pairs.length() == 0 ? "" : ",").append(pair(t, v));
            }
            body =
                pairs.length() == 0
                    ? "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":["
                        + pairs
                        + "]}]}}";
          } else {
            double t = Double.parseDouble(form.get("time"));
            Double v = values.apply(query, at(t));
            body =
                v == null
                    ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":"
                        + pair(t, v)
                        + "}]}}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** The API's base URL, with its path prefix when it has one. */
  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + (prefix.isEmpty() ? "/" : prefix));
  }

  private static Instant at(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private static String pair(double t, double v) {
    return "["
        + new BigDecimal(t).setScale(3, java.math.RoundingMode.HALF_UP).toPlainString()
        + ",\""
        + v
        + "\"]";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String part : body.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0)
        form.put(
            part.substring(0, eq),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
