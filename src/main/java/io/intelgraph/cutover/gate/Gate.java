package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link GateSpec} made concrete for one scope: its templates resolved with the rate window and
 * the scope's selector, ready to send.
 *
 * <pre>{@code
 * List<Gate> gates = Gate.all(environment, Scope.CANARY);
 * }</pre>
 */
public record Gate(
    GateSpec spec,
    Scope scope,
    String query,
    Optional<String> trafficQuery,
    String freshnessQuery,
    Optional<VersusStable> versusStable) {

  /**
   * What a canary gate with {@code compare_with_stable} asks besides its own questions: the same
   * query on the stable track, and per-interval samples of both over {@code [at - window, at]} at
   * {@code step} (the scrape interval: a finer step only repeats the same scraped values).
   */
  public record VersusStable(String stableQuery, Duration window, Duration step) {
    public VersusStable {
      Objects.requireNonNull(stableQuery);
      if (window.compareTo(step) <= 0) {
        throw new IllegalArgumentException(
            "the rate window %s must be longer than the scrape step %s to compare with stable"
                .formatted(window, step));
      }
    }
  }

  public Gate {
    Objects.requireNonNull(spec);
    Objects.requireNonNull(scope);
    Objects.requireNonNull(query);
    Objects.requireNonNull(trafficQuery);
    Objects.requireNonNull(freshnessQuery);
    Objects.requireNonNull(versusStable);
  }

  /** A gate that is not compared with the stable track. */
  public Gate(
      GateSpec spec,
      Scope scope,
      String query,
      Optional<String> trafficQuery,
      String freshnessQuery) {
    this(spec, scope, query, trafficQuery, freshnessQuery, Optional.empty());
  }

  /**
   * As {@link #resolve(GateSpec, Scope, Duration, Duration, PrometheusSettings.Selectors)}, for a
   * gate that is not compared with stable on this scope; refuses one that is (it needs the scrape
   * step).
   */
  public static Gate resolve(
      GateSpec spec, Scope scope, Duration window, PrometheusSettings.Selectors selectors) {
    if (scope == Scope.CANARY && spec.compareWithStable().isPresent()) {
      throw new IllegalArgumentException(
          "gates.%s.compare_with_stable needs the scrape interval as its sample step; resolve it with the cadence's scrape_interval"
              .formatted(spec.name()));
    }
    return resolve(spec, scope, window, window, selectors);
  }

  /**
   * Resolves {@code {{window}}} (the rate window), {@code {{selector}}} (the scope's matchers) and
   * {@code {{staleness}}} (the gate's max_staleness), {@code {{alert_rules}}} (the gate's
   * alert_rules regex, when set) and {@code {{group_by}}} (the gate's group_by labels, comma
   * separated, when set); any other placeholder is a mistake and refused. On the canary scope, a
   * gate with {@code compare_with_stable} also carries its stable twin ({@link VersusStable})
   * sampled every {@code scrapeStep}.
   */
  public static Gate resolve(
      GateSpec spec,
      Scope scope,
      Duration window,
      Duration scrapeStep,
      PrometheusSettings.Selectors selectors) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "{{window}}",
                promQlDuration(window),
                "{{selector}}",
                scope.selector(selectors),
                "{{staleness}}",
                promQlDuration(spec.maxStaleness())));
    spec.alertRules().ifPresent(regex -> values.put("{{alert_rules}}", regex));
    if (spec.grouped()) values.put(GateSpec.GROUP_BY, String.join(", ", spec.groupBy()));
    return new Gate(
        spec,
        scope,
        substitute(spec.name(), "query", spec.query(), values),
        spec.trafficQuery().map(q -> substitute(spec.name(), "traffic_query", q, values)),
        substitute(spec.name(), "freshness_query", spec.freshnessQuery(), values),
        // the rule judges the canary only: on stable it would compare stable with itself, on all
        // with a part of itself
        spec.compareWithStable()
            .filter(rule -> scope == Scope.CANARY)
            .map(
                rule ->
                    new VersusStable(
                        resolve(spec, Scope.STABLE, window, scrapeStep, selectors).query(),
                        window,
                        scrapeStep)));
  }

  /**
   * Every gate of the environment, in file order, for one scope, with the cadence's rate window.
   */
  public static List<Gate> all(Environment environment, Scope scope) {
    List<Gate> gates = new ArrayList<>();
    environment
        .gates()
        .values()
        .forEach(
            spec ->
                gates.add(
                    resolve(
                        spec,
                        scope,
                        environment.cadence().rateWindow(),
                        environment.cadence().scrapeInterval(),
                        environment.prometheus().selectors())));
    return List.copyOf(gates);
  }

  public String name() {
    return spec.name();
  }

  public boolean critical() {
    return spec.critical();
  }

  /** Evaluated and reported, never judging the release ({@code gates.<name>.shadow}). */
  public boolean shadow() {
    return spec.shadow();
  }

  private static String substitute(
      String gate, String key, String template, Map<String, String> values) {
    String resolved = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      resolved = resolved.replace(value.getKey(), value.getValue());
    }
    resolved = resolved.strip();
    if (resolved.contains("{{")) {
      throw new IllegalArgumentException(
          ("gates.%s.%s has an unknown placeholder in '%s'; only {{window}}, {{selector}}, {{staleness}}, {{alert_rules}} (with alert_rules set) and {{group_by}} (with group_by set) exist")
              .formatted(gate, key, template));
    }
    return resolved;
  }

  /** 300s -> "5m", 15s -> "15s", 1500ms -> "1500ms": PromQL's duration syntax. */
  static String promQlDuration(Duration window) {
    if (window.isNegative() || window.isZero())
      throw new IllegalArgumentException("rate window must be positive, got " + window);
    long millis = window.toMillis();
    if (millis % 1000 != 0) return millis + "ms";
    long seconds = millis / 1000;
    if (seconds % 3600 == 0) return seconds / 3600 + "h";
    if (seconds % 60 == 0) return seconds / 60 + "m";
    return seconds + "s";
  }
}
