package io.intelgraph.cutover.ledger;

import io.intelgraph.cutover.config.HaltPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * What the suite did about a canary that a phase which did not pass left serving short of the
 * locked 100 %: rolled it back (the rollback record holds the actions, with the reason {@code
 * halted: ...}) or held it at its weight for the gate phase to watch until a person decides.
 *
 * <pre>{@code
 * new HaltRecord(HaltPolicy.HOLD, "canary phase FAILED: subscription: ...", 20, "canary", "4711@ci-7", Instant.now())
 * }</pre>
 *
 * @param policy what was applied ({@code rollback.on_halt})
 * @param reason why the canary halted: the owning phase and how it ended
 * @param canaryPercent the canary's weight when it halted (a hold keeps it)
 * @param phase the phase whose traffic step set that weight
 * @param by the runner that applied the policy
 */
public record HaltRecord(
    HaltPolicy policy, String reason, int canaryPercent, String phase, String by, Instant at) {
  public HaltRecord {
    Objects.requireNonNull(policy, "halt policy");
    if (reason == null || reason.isBlank())
      throw new IllegalArgumentException("a halt needs its reason");
    if (canaryPercent <= 0 || canaryPercent > 100) {
      throw new IllegalArgumentException(
          "a halt is of a canary that takes traffic; canary percent %d is not 1..100"
              .formatted(canaryPercent));
    }
    Objects.requireNonNull(phase, "halted phase");
    Objects.requireNonNull(by, "halted by");
    Objects.requireNonNull(at, "halted at");
  }

  /** One line for people, e.g. {@code canary HELD at 20 % since ... (canary phase FAILED: ...)}. */
  public String summary() {
    return "canary %s at %d %% since %s by %s (%s)"
        .formatted(
            policy == HaltPolicy.HOLD ? "HELD" : "ROLLED BACK", canaryPercent, at, by, reason);
  }
}
