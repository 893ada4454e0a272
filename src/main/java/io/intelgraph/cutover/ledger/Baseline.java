package io.intelgraph.cutover.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A T-30 measurement that later gates compare against, e.g. the stable track's p95 before the
 * canary.
 *
 * <pre>{@code
 * new Baseline("api_p95", 0.212, "s", "histogram_quantile(0.95, ...)", Instant.now(), Optional.of(Duration.ofMinutes(5)))
 * }</pre>
 *
 * @param value in the gate's base unit (seconds, ratio, count)
 * @param window the rate window the query was resolved with; a later gate is only compared with a
 *     baseline of the same window. Empty for measurements that have no window (the cost rate) and
 *     in ledgers written before windows were recorded
 */
public record Baseline(
    String name, double value, String unit, String query, Instant at, Optional<Duration> window) {
  public Baseline {
    Objects.requireNonNull(name, "baseline name");
    Objects.requireNonNull(unit, "baseline unit");
    Objects.requireNonNull(query, "baseline query");
    Objects.requireNonNull(at, "baseline time");
    window = window == null ? Optional.empty() : window;
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "baseline %s must be a finite number, got %s".formatted(name, value));
    }
  }

  /** The short unit name a baseline held in {@code unit}'s base unit is recorded with. */
  public static String unitName(io.intelgraph.cutover.config.Unit unit) {
    return switch (unit) {
      case SECONDS -> "s";
      case RATIO -> "ratio";
      case COUNT -> "count";
      case PER_SECOND -> "/s";
      case DOLLARS_PER_HOUR -> "$/h";
    };
  }

  /** The value as the runbook writes it, e.g. {@code 212 ms}, {@code 0.3 %}, {@code $18.5/h}. */
  public String formattedValue() {
    return switch (unit) {
      case "s" -> io.intelgraph.cutover.config.Unit.SECONDS.format(value);
      case "ratio" -> io.intelgraph.cutover.config.Unit.RATIO.format(value);
      case "count" -> io.intelgraph.cutover.config.Unit.COUNT.format(value);
      case "/s" -> io.intelgraph.cutover.config.Unit.PER_SECOND.format(value);
      case "$/h" -> io.intelgraph.cutover.config.Unit.DOLLARS_PER_HOUR.format(value);
      default -> io.intelgraph.cutover.config.Unit.COUNT.format(value) + " " + unit;
    };
  }

  /** A measurement without a rate window, e.g. Kubecost's hourly cost rate. */
  public Baseline(String name, double value, String unit, String query, Instant at) {
    this(name, value, unit, query, at, Optional.empty());
  }
}
