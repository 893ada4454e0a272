package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.Excerpts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the cost rate of the cutover's namespace from Kubecost's allocation API ({@code GET
 * /model/allocation?window=1h&aggregate=namespace}), as dollars per hour.
 *
 * <p>Design note: the runbook reads {@code .data[0].totalCost}, but {@code data[0]} is a map of
 * allocations keyed by name, so that path is always null and the script reports "$0/hour". Here the
 * namespace's own allocation is taken by name, its {@code totalCost} divided by the length of its
 * {@code window} (so a partial window is not mistaken for an hour), and a missing namespace or a
 * malformed answer is an error, never zero.
 *
 * <pre>{@code
 * CostProbe.CostRate rate = new CostProbe(env.endpoints().cost(), env.preflight().timeout()).rate("intelgraph-maestro");
 * assertThat(rate.dollarsPerHour()).isLessThanOrEqualTo(25);
 * }</pre>
 */
public final class CostProbe {

  /** The measuring window the runbook uses. */
  public static final String WINDOW = "1h";

  /**
   * One namespace's cost over one allocation window.
   *
   * @param query the URL asked, for the evidence
   */
  public record CostRate(
      String namespace, double totalCost, Instant start, Instant end, String query) {
    public CostRate {
      if (!Double.isFinite(totalCost) || totalCost < 0) {
        throw new IllegalArgumentException(
            "totalCost must be a finite, non-negative number, got " + totalCost);
      }
      if (!end.isAfter(start))
        throw new IllegalArgumentException(
            "window end %s must be after its start %s".formatted(end, start));
    }

    public Duration window() {
      return Duration.between(start, end);
    }

    public double dollarsPerHour() {
      return totalCost / (window().toMillis() / 3_600_000.0);
    }

    @Override
    public String toString() {
      return "%s: $%.2f over %s..%s = $%.2f/h (%s)"
          .formatted(namespace, totalCost, start, end, dollarsPerHour(), query);
    }
  }

  private final URI base;
  private final JsonGet http;

  public CostProbe(URI kubecost, Duration timeout) {
    this.base = kubecost;
    this.http = new JsonGet(timeout);
  }

  /** The cost rate of {@code namespace} over the last hour. */
  public CostRate rate(String namespace) {
    URI uri = base.resolve("/model/allocation?window=" + WINDOW + "&aggregate=namespace");
    return parse(uri, http.get("Kubecost allocation", uri), namespace);
  }

  /**
   * Reads {@code namespace}'s allocation out of a Kubecost allocation answer; exposed for tests.
   */
  static CostRate parse(URI uri, JsonNode body, String namespace) {
    String what = "Kubecost allocation " + uri;
    if (body.has("code") && body.path("code").asInt(0) != 200) {
      throw new PreflightException(
          "%s answered code %s: %s"
              .formatted(what, body.path("code"), Excerpts.of(body.path("message").asString(""))));
    }
    JsonNode sets = body.path("data");
    if (!sets.isArray() || sets.isEmpty() || !sets.get(0).isObject()) {
      throw new PreflightException(
          "%s has no allocation set in data[0]; answer: %s"
              .formatted(what, Excerpts.of(body.toString())));
    }
    JsonNode set = sets.get(0);
    JsonNode allocation = set.path(namespace);
    if (!allocation.isObject()) {
      List<String> names = new ArrayList<>();
      set.properties().forEach(e -> names.add(e.getKey()));
      throw new PreflightException(
          "%s has no allocation for namespace '%s' (it has %s); is cluster.namespace right, and does Kubecost see it?"
              .formatted(what, namespace, names));
    }
    JsonNode total = allocation.path("totalCost");
    if (!total.isNumber()) {
      throw new PreflightException(
          "%s: %s.totalCost is %s, not a number"
              .formatted(what, namespace, total.isMissingNode() ? "missing" : total));
    }
    try {
      Instant start = Instant.parse(allocation.path("window").path("start").asString(""));
      Instant end = Instant.parse(allocation.path("window").path("end").asString(""));
      return new CostRate(namespace, total.asDouble(), start, end, uri.toString());
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new PreflightException(
          "%s: %s has no usable window (%s): %s"
              .formatted(
                  what,
                  namespace,
                  Excerpts.of(allocation.path("window").toString()),
                  e.getMessage()),
          e);
    }
  }
}
