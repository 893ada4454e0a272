package io.intelgraph.cutover.gate;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The values recorded at T-30 (held by the ledger), by gate name, for gates with a relative limit
 * ({@code max_above_baseline}). A gate with a relative limit and no baseline evaluates to ERROR.
 *
 * <pre>{@code
 * Baselines baselines = new Baselines(Map.of("api_p95", 0.210));
 * }</pre>
 */
public record Baselines(Map<String, Double> values) {
  public Baselines {
    values.forEach((gate, value) -> {
      if (value == null || !Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException("baseline for %s must be a finite, non-negative number, got %s".formatted(gate, value));
      }
    });
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** No baselines recorded (yet). */
  public static Baselines none() {
    return new Baselines(Map.of());
  }

  public OptionalDouble of(String gate) {
    Double value = values.get(gate);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
