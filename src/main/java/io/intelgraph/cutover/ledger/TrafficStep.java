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

  /**
   * The phase name of the ramp's final step: 100 % to the new release, locked to production
   * configuration.
   */
  public static final String LOCKED = "locked";

  public TrafficStep {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException("canary percent must be 0..100, got " + canaryPercent);
    }
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(at, "at");
  }

  /**
   * Whether this is the ramp's lock: 100 % under {@link #LOCKED} (not named {@code is...}: the
   * ledger JSON holds components only).
   */
  public boolean locksTheRamp() {
    return canaryPercent == 100 && LOCKED.equals(phase);
  }
}
