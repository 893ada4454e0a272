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
public record Gate(GateSpec spec, Scope scope, String query, Optional<String> trafficQuery, String freshnessQuery) {

  public Gate {
    Objects.requireNonNull(spec);
    Objects.requireNonNull(scope);
    Objects.requireNonNull(query);
    Objects.requireNonNull(trafficQuery);
    Objects.requireNonNull(freshnessQuery);
  }

  /**
   * Resolves {@code {{window}}} (the rate window), {@code {{selector}}} (the scope's matchers) and
   * {@code {{staleness}}} (the gate's max_staleness) and {@code {{alert_rules}}} (the gate's
   * alert_rules regex, when set); any other placeholder is a mistake and refused.
   */
  public static Gate resolve(GateSpec spec, Scope scope, Duration window, PrometheusSettings.Selectors selectors) {
    Map<String, String> values = new java.util.HashMap<>(Map.of("{{window}}", promQlDuration(window), "{{selector}}", scope.selector(selectors),
        "{{staleness}}", promQlDuration(spec.maxStaleness())));
    spec.alertRules().ifPresent(regex -> values.put("{{alert_rules}}", regex));
    return new Gate(spec, scope,
        substitute(spec.name(), "query", spec.query(), values),
        spec.trafficQuery().map(q -> substitute(spec.name(), "traffic_query", q, values)),
        substitute(spec.name(), "freshness_query", spec.freshnessQuery(), values));
  }

  /** Every gate of the environment, in file order, for one scope, with the cadence's rate window. */
  public static List<Gate> all(Environment environment, Scope scope) {
    List<Gate> gates = new ArrayList<>();
    environment.gates().values().forEach(spec -> gates.add(
        resolve(spec, scope, environment.cadence().rateWindow(), environment.prometheus().selectors())));
    return List.copyOf(gates);
  }

  public String name() {
    return spec.name();
  }

  public boolean critical() {
    return spec.critical();
  }

  private static String substitute(String gate, String key, String template, Map<String, String> values) {
    String resolved = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      resolved = resolved.replace(value.getKey(), value.getValue());
    }
    resolved = resolved.strip();
    if (resolved.contains("{{")) {
      throw new IllegalArgumentException(("gates.%s.%s has an unknown placeholder in '%s'; only {{window}}, {{selector}}, {{staleness}} and {{alert_rules}} (with alert_rules set) exist")
          .formatted(gate, key, template));
    }
    return resolved;
  }

  /** 300s -> "5m", 15s -> "15s", 1500ms -> "1500ms": PromQL's duration syntax. */
  static String promQlDuration(Duration window) {
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("rate window must be positive, got " + window);
    long millis = window.toMillis();
    if (millis % 1000 != 0) return millis + "ms";
    long seconds = millis / 1000;
    if (seconds % 3600 == 0) return seconds / 3600 + "h";
    if (seconds % 60 == 0) return seconds / 60 + "m";
    return seconds + "s";
  }
}
