package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The canary's share of traffic from a moment on, as the cutover set it (or, observing, saw it):
 * where the cutover stands for a later phase on another runner, and the ramp marks of the evidence.
 *
 * <pre>{@code new TrafficStep(40, "ramp", Instant.now())}</pre>
 */
public record TrafficStep(int canaryPercent, String phase, Instant at) {
  public TrafficStep {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException("canary percent must be 0..100, got " + canaryPercent);
    }
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(at, "at");
  }
}
