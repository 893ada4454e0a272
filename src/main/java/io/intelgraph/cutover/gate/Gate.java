package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** Resolves {@code {{window}}} and {@code {{selector}}}; any other placeholder is a mistake and refused. */
  public static Gate resolve(GateSpec spec, Scope scope, Duration window, PrometheusSettings.Selectors selectors) {
    String selector = scope.selector(selectors);
    String range = promQlDuration(window);
    return new Gate(spec, scope,
        substitute(spec.name(), "query", spec.query(), range, selector),
        spec.trafficQuery().map(q -> substitute(spec.name(), "traffic_query", q, range, selector)),
        substitute(spec.name(), "freshness_query", spec.freshnessQuery(), range, selector));
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

  private static String substitute(String gate, String key, String template, String window, String selector) {
    String resolved = template.replace("{{window}}", window).replace("{{selector}}", selector).strip();
    if (resolved.contains("{{")) {
      throw new IllegalArgumentException(("gates.%s.%s has an unknown placeholder in '%s'; only {{window}} and {{selector}} exist")
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
