package io.intelgraph.cutover.session;

import io.intelgraph.cutover.config.HaltPolicy;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.TrafficOwner;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a canary is left serving unwatched, and what the halt policy ({@code rollback.on_halt})
 * does about it, judged from the ledger alone:
 *
 * <pre>
 * canary weight          phase that set it (its latest result since the step)   policy     action
 * 0 % or locked 100 %    any                                                     any        nothing
 * 1..100 %, not locked   its runner's lease live (it is still running)           any        nothing
 * 1..100 %, not locked   PASSED (a canary that passed leaves 20 % for the ramp)  any        nothing
 * 1..100 %, not locked   PASSED_WITH_SKIPS, FAILED, BROKEN, SKIPPED              rollback   rollback
 * 1..100 %, not locked   no result and no live lease (its runner died)           rollback   rollback
 * 1..100 %, not locked   (either of the two rows above)                          hold       hold
 * </pre>
 *
 * The phase's result is its latest since the step that set the weight; a {@code REFUSED} run of it
 * does not count (it ran no line, so it did not touch the traffic: the run that moved it is
 * judged). A phase (canary, ramp) refused, failed or broken elsewhere in the run is judged through
 * the phase that owns the traffic: a ramp refused after a canary that passed with skips halts the
 * canary.
 *
 * <p>An attempt already rolled back (the rollback owns the traffic) or already held at this weight
 * needs nothing more. Design note: only {@code PASSED} leaves the canary serving, as for the phase
 * table: a skipped line is a protection nobody checked.
 */
public final class HaltRule {

  /** What the policy does now. */
  public enum Action {
    NOTHING,
    ROLLBACK,
    HOLD
  }

  /**
   * The action, why (for the ledger, the console and the rollback's reason), and the weight it is
   * about.
   */
  public record Decision(Action action, String reason, int canaryPercent, String phase) {}

  /**
   * The phase that owns a traffic step, by the step's phase name (the ramp's lock is the ramp's).
   */
  private static final Map<String, String> OWNERS =
      Map.of(
          Phase.CANARY.tag(),
          Phase.CANARY.tag(),
          Phase.RAMP.tag(),
          Phase.RAMP.tag(),
          TrafficStep.LOCKED,
          Phase.RAMP.tag());

  private HaltRule() {}

  /**
   * Whether this phase moves the canary's traffic, and so holds a {@link TrafficOwner} lease while
   * it runs.
   */
  public static boolean ownsTraffic(Phase phase) {
    return OWNERS.containsValue(phase.tag());
  }

  public static Decision decide(Ledger ledger, HaltPolicy policy, Instant now) {
    int percent = ledger.canaryPercent();
    if (percent == 0 || ledger.lockedStep().isPresent()) {
      return nothing(
          percent == 0 ? "the canary takes no traffic" : "the ramp stands at its locked 100 % step",
          percent,
          "-");
    }
    TrafficStep step = ledger.traffic().get(ledger.traffic().size() - 1);
    String owner = OWNERS.getOrDefault(step.phase(), step.phase());
    if (ledger.rollback().filter(r -> r.claimedByARunner()).isPresent()) {
      return nothing(
          "attempt %s was rolled back: %s"
              .formatted(ledger.attemptId(), ledger.rollback().get().summary()),
          percent,
          owner);
    }
    if (ledger.heldCanary().isPresent()) {
      return nothing("already " + ledger.heldCanary().get().summary(), percent, owner);
    }
    Optional<TrafficOwner> running = ledger.trafficOwner().filter(o -> o.phase().equals(owner));
    if (running.isPresent() && !running.get().lease().expiredAt(now)) {
      // the phase that moves this traffic is running (here or on another runner): it decides at its
      // own end
      return nothing(
          "the %s phase that set %d %% is still running on %s (lease until %s)"
              .formatted(
                  owner,
                  percent,
                  running.get().lease().holder(),
                  running.get().lease().expiresAt()),
          percent,
          owner);
    }
    // a refused run of the owning phase did not touch the traffic: the run that moved it is the one
    // judged
    List<PhaseResult> since =
        ledger.phases().stream()
            .filter(
                r ->
                    r.phase().equals(owner)
                        && r.status() != PhaseResult.Status.REFUSED
                        && !r.finished().isBefore(step.at()))
            .toList();
    String ended;
    if (since.isEmpty()) {
      ended =
          "the %s phase that set %d %% at %s ended without a result: its runner died (%s)"
              .formatted(
                  owner,
                  percent,
                  step.at(),
                  running
                      .map(
                          o ->
                              "lease of %s expired at %s"
                                  .formatted(o.lease().holder(), o.lease().expiresAt()))
                      .orElse("no live runner holds it"));
    } else {
      PhaseResult result = since.get(since.size() - 1);
      if (result.status() == PhaseResult.Status.PASSED) {
        return nothing(
            "the %s phase passed and leaves %d %% for the next phase".formatted(owner, percent),
            percent,
            owner);
      }
      ended =
          "the %s phase ended %s at %s (%s)"
              .formatted(owner, result.status(), result.finished(), firstLine(result.summary()));
    }
    String reason =
        "%s, leaving the canary at %d %% short of the locked 100 %%".formatted(ended, percent);
    return new Decision(
        policy == HaltPolicy.HOLD ? Action.HOLD : Action.ROLLBACK, reason, percent, owner);
  }

  private static Decision nothing(String why, int percent, String phase) {
    return new Decision(Action.NOTHING, why, percent, phase);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }
}
