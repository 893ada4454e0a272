package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.Excerpts;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads Kubecost's own APIs beyond the hourly rate of {@link CostProbe}: a namespace's cost as a
 * series of allocation sets, and the container request right-sizing recommendations.
 *
 * <ul>
 *   <li>{@code GET /model/allocation?window=7d&aggregate=namespace&step=1d&accumulate=false} (<a
 *       href="https://docs.kubecost.com/apis/apis-overview/api-allocation">Allocation API</a>):
 *       {@code data} holds one set per step, each keyed by namespace, with {@code totalCost},
 *       {@code networkCost} and the set's {@code window};
 *   <li>{@code GET /model/savings/requestSizingV2?window=3d&filter=namespace:"ns"} (<a
 *       href="https://docs.kubecost.com/apis/apis-overview/api-request-right-sizing-v2">request
 *       right-sizing V2</a>): an array of per-container recommendations with {@code
 *       monthlySavings.cpu} and {@code .memory}.
 * </ul>
 *
 * A malformed answer, a set without the namespace, or a non-number cost is an error naming the URL,
 * never zero.
 *
 * <pre>{@code
 * List<KubecostCosts.CostPoint> days = new KubecostCosts(env.endpoints().cost(), timeout).series("kafka", Duration.ofDays(7), Duration.ofDays(1));
 * }</pre>
 */
public final class KubecostCosts {

  /**
   * One allocation set of one namespace: its cost and network (egress) cost over {@code
   * start..end}.
   */
  public record CostPoint(Instant start, Instant end, double totalCost, double networkCost) {
    public CostPoint {
      if (!end.isAfter(start))
        throw new IllegalArgumentException(
            "window end %s must be after its start %s".formatted(end, start));
    }

    public double hours() {
      return Duration.between(start, end).toMillis() / 3_600_000.0;
    }

    @Override
    public String toString() {
      return "%s..%s: total $%.2f, network $%.2f".formatted(start, end, totalCost, networkCost);
    }
  }

  /** One container's right-sizing recommendation; {@code monthlySavings} is cpu + memory. */
  public record Recommendation(
      String namespace,
      String controller,
      String container,
      String currentRequest,
      String recommendedRequest,
      double monthlySavings) {
    @Override
    public String toString() {
      return "%s/%s/%s: %s -> %s, saves $%.2f/month"
          .formatted(
              namespace, controller, container, currentRequest, recommendedRequest, monthlySavings);
    }
  }

  private final URI base;
  private final JsonGet http;

  public KubecostCosts(URI kubecost, Duration timeout) {
    this.base = kubecost;
    this.http = new JsonGet(timeout);
  }

  /**
   * The namespace's cost over the last {@code window}, one point per {@code step}, oldest first.
   */
  public List<CostPoint> series(String namespace, Duration window, Duration step) {
    URI uri =
        base.resolve(
            "/model/allocation?window=%s&aggregate=namespace&step=%s&accumulate=false"
                .formatted(kubecostDuration(window), kubecostDuration(step)));
    return parseSeries(uri, http.get("Kubecost allocation", uri), namespace);
  }

  /**
   * The right-sizing recommendations for the namespace's containers, computed by Kubecost over
   * {@code window}.
   */
  public List<Recommendation> requestSizing(String namespace, Duration window) {
    String filter =
        URLEncoder.encode("namespace:\"%s\"".formatted(namespace), StandardCharsets.UTF_8);
    URI uri =
        base.resolve(
            "/model/savings/requestSizingV2?window=%s&filter=%s"
                .formatted(kubecostDuration(window), filter));
    return parseRecommendations(uri, http.get("Kubecost request right-sizing", uri));
  }

  static List<CostPoint> parseSeries(URI uri, JsonNode body, String namespace) {
    String what = "Kubecost allocation " + uri;
    if (body.has("code") && body.path("code").asInt(0) != 200) {
      throw new PreflightException(
          "%s answered code %s: %s"
              .formatted(what, body.path("code"), Excerpts.of(body.path("message").asString(""))));
    }
    JsonNode sets = body.path("data");
    if (!sets.isArray() || sets.isEmpty()) {
      throw new PreflightException(
          "%s has no allocation sets in data; answer: %s"
              .formatted(what, Excerpts.of(body.toString())));
    }
    List<CostPoint> points = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      JsonNode allocation = sets.get(i).path(namespace);
      if (!allocation.isObject()) {
        List<String> names = new ArrayList<>();
        sets.get(i).properties().forEach(e -> names.add(e.getKey()));
        throw new PreflightException(
            "%s: set %d has no allocation for namespace '%s' (it has %s); is the namespace right, and does Kubecost see it?"
                .formatted(what, i, namespace, names));
      }
      double total = number(what, i, namespace, allocation, "totalCost");
      double network = number(what, i, namespace, allocation, "networkCost");
      try {
        points.add(
            new CostPoint(
                Instant.parse(allocation.path("window").path("start").asString("")),
                Instant.parse(allocation.path("window").path("end").asString("")),
                total,
                network));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new PreflightException(
            "%s: set %d of %s has no usable window (%s): %s"
                .formatted(
                    what,
                    i,
                    namespace,
                    Excerpts.of(allocation.path("window").toString()),
                    e.getMessage()),
            e);
      }
    }
    return List.copyOf(points);
  }

  static List<Recommendation> parseRecommendations(URI uri, JsonNode body) {
    String what = "Kubecost request right-sizing " + uri;
    if (!body.isArray()) {
      throw new PreflightException(
          "%s did not answer an array of recommendations; answer: %s"
              .formatted(what, Excerpts.of(body.toString())));
    }
    List<Recommendation> recommendations = new ArrayList<>();
    for (JsonNode r : body) {
      JsonNode savings = r.path("monthlySavings");
      if (!savings.path("cpu").isNumber() || !savings.path("memory").isNumber()) {
        throw new PreflightException(
            "%s: recommendation for %s has no numeric monthlySavings.cpu and .memory: %s"
                .formatted(
                    what, r.path("controllerName").asString("?"), Excerpts.of(r.toString())));
      }
      recommendations.add(
          new Recommendation(
              r.path("namespace").asString(""),
              r.path("controllerName").asString(""),
              r.path("containerName").asString(""),
              request(r.path("latestKnownRequest")),
              request(r.path("recommendedRequest")),
              savings.path("cpu").asDouble() + savings.path("memory").asDouble()));
    }
    return List.copyOf(recommendations);
  }

  private static String request(JsonNode node) {
    return "cpu %s, memory %s"
        .formatted(node.path("cpu").asString("?"), node.path("memory").asString("?"));
  }

  private static double number(
      String what, int set, String namespace, JsonNode allocation, String field) {
    JsonNode value = allocation.path(field);
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
      throw new PreflightException(
          "%s: set %d, %s.%s is %s, not a non-negative number"
              .formatted(what, set, namespace, field, value.isMissingNode() ? "missing" : value));
    }
    return value.asDouble();
  }

  /**
   * A duration as Kubecost's {@code window} and {@code step} take it: whole days, hours or minutes
   * ({@code 7d}, {@code 1h}, {@code 30m}).
   */
  static String kubecostDuration(Duration d) {
    if (d.toMinutes() < 1 || d.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException(
          "Kubecost windows and steps are whole minutes, hours or days; got " + d);
    }
    if (d.toSeconds() % 86_400 == 0) return d.toDays() + "d";
    if (d.toSeconds() % 3_600 == 0) return d.toHours() + "h";
    return d.toMinutes() + "m";
  }
}
