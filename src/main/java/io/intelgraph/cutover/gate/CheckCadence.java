package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Cadence;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a gate check may judge, from the environment's cadence: pure arithmetic, so the ramp's soak,
 * a YELLOW's follow-up and the gate phase's next due check agree on one rule.
 *
 * <pre>{@code
 * CheckCadence cadence = new CheckCadence(environment.cadence());
 * cadence.followUpInterval(); // production: 15 min (the gate interval); sandbox: the rate window plus two scrapes
 * }</pre>
 */
public record CheckCadence(Cadence cadence) {

  public CheckCadence {
    Objects.requireNonNull(cadence, "cadence");
  }

  /**
   * How long after a change (a new traffic weight, a failed check) a check first judges a rate
   * window of its own: the rate window plus two scrapes. Sooner, the window still holds traffic
   * from before the change: a ramp step would be judged partly on the previous step's traffic (or
   * on the security goldens' deliberate 401s), and a follow-up would count the failure it follows
   * again.
   */
  public Duration freshWindow() {
    return cadence.rateWindow().plus(cadence.scrapeInterval().multipliedBy(2));
  }

  /**
   * How long after a failed check the next may judge: never sooner than {@code gate_interval}, nor
   * before {@link #freshWindow()}, so "two consecutive failures" are two, not one spike seen twice.
   * In production (15 min checks, 5 min windows) this is the gate interval.
   */
  public Duration followUpInterval() {
    return longer(cadence.gateInterval(), freshWindow());
  }

  /**
   * How long a ramp step soaks before it is judged: {@code soak}, and at least {@link
   * #freshWindow()}.
   */
  public Duration soak() {
    return longer(cadence.soak(), freshWindow());
  }

  /**
   * When the check after one made at {@code previous} is due: {@code gate_interval} later, or after
   * a check that was not GREEN, {@link #followUpInterval()} later.
   */
  public Instant nextCheckAfter(Instant previous, boolean previousFailed) {
    return previous.plus(previousFailed ? followUpInterval() : cadence.gateInterval());
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
