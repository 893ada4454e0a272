package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The relative limit one evaluation applied: {@code limit = baseline x (1 + ratio)}, with where the
 * baseline came from, so the report shows (and a person can recompute) the limit each check used.
 *
 * <pre>{@code
 * evaluation.baseline().map(b -> b.describe(evaluation.unit())); // "252 ms = baseline 210 ms + 20 % (...)"
 * }</pre>
 *
 * @param baseline the baseline value, base unit
 * @param ratio {@code max_above_baseline}, e.g. 0.2 for 20 %
 * @param limit the resulting upper limit, base unit
 */
public record BaselineLimit(
    double baseline,
    double ratio,
    double limit,
    Optional<Duration> window,
    Optional<Instant> at,
    String source) {

  public BaselineLimit {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    if (!Double.isFinite(baseline) || !Double.isFinite(ratio) || !Double.isFinite(limit)) {
      throw new IllegalArgumentException(
          "a baseline limit needs finite numbers, got baseline %s, ratio %s, limit %s"
              .formatted(baseline, ratio, limit));
    }
  }

  /** The limit {@code measured x (1 + ratio)}. */
  public static BaselineLimit of(Baselines.Measured measured, double ratio) {
    return new BaselineLimit(
        measured.value(),
        ratio,
        measured.value() * (1 + ratio),
        measured.window(),
        measured.at(),
        measured.source());
  }

  /**
   * As people read it: "252 ms = baseline 210 ms + 20 % (measured 2026-11-27T14:30:00Z over 5m;
   * ledger ...)".
   */
  public String describe(Unit unit) {
    return unit.format(limit)
        + " = baseline "
        + unit.format(baseline)
        + " + "
        + Unit.RATIO.format(ratio)
        + " ("
        + provenance()
        + ")";
  }

  /** When, over what window and where the baseline was measured, as far as known. */
  public String provenance() {
    return "measured "
        + at.map(Instant::toString).orElse("at an unknown time")
        + " over "
        + window.map(Durations::human).map(w -> w + " rate window").orElse("an unknown window")
        + "; "
        + source;
  }
}
