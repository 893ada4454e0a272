package io.intelgraph.cutover.prometheus;

import java.time.Instant;
import java.util.Objects;

/**
 * One value at one time. {@code value} may be NaN or infinite: Prometheus sends them as {@code
 * "NaN"}, {@code "+Inf"}, {@code "-Inf"}, and deciding what they mean is the gate's job.
 */
public record Sample(Instant timestamp, double value) {
  public Sample {
    Objects.requireNonNull(timestamp, "sample timestamp");
  }

  /** True for an ordinary number (not NaN, not +/-Inf). */
  public boolean isFinite() {
    return Double.isFinite(value);
  }
}
