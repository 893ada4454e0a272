package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A T-30 measurement that later gates compare against, e.g. the stable track's p95 before the canary.
 *
 * <pre>{@code
 * new Baseline("api_p95", 0.212, "s", "histogram_quantile(0.95, ...)", Instant.now())
 * }</pre>
 */
public record Baseline(String name, double value, String unit, String query, Instant at) {
  public Baseline {
    Objects.requireNonNull(name, "baseline name");
    Objects.requireNonNull(unit, "baseline unit");
    Objects.requireNonNull(query, "baseline query");
    Objects.requireNonNull(at, "baseline time");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("baseline %s must be a finite number, got %s".formatted(name, value));
    }
  }
}
