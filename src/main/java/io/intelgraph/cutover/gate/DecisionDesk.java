package io.intelgraph.cutover.gate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a gate check that is RED only because it stayed inconclusive waits for a person ({@code
 * escalation.decide: approval}): the ledger in a run, where the {@code decide} command records a
 * signed decision. The gate domain only asks; verifying who signed is the desk's.
 *
 * <pre>{@code
 * Optional<HumanDecision> decision = desk.await(new DecisionDesk.Request("ramp", 3, at, reds));
 * }</pre>
 */
@FunctionalInterface
public interface DecisionDesk {

  /** Nobody to ask: every inconclusive RED stays RED, as with {@code escalation.decide: clock}. */
  DecisionDesk NOBODY = request -> Optional.empty();

  /**
   * Waits, bounded by {@code escalation.decision_timeout} and printing progress that names the
   * command to run, for a valid decision on {@code request}; empty when nobody decided in time.
   */
  Optional<HumanDecision> await(Request request);

  /**
   * The check awaiting a decision.
   *
   * @param phase the phase tag of the check, e.g. {@code ramp}
   * @param check its number within the phase
   * @param at when its gates were evaluated
   * @param undecided the RED verdicts a decision settles, each inconclusive
   */
  record Request(String phase, int check, Instant at, List<GateVerdict> undecided) {
    public Request {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(at, "at");
      undecided = List.copyOf(undecided);
      if (undecided.isEmpty()) {
        throw new IllegalArgumentException("a decision request needs at least one RED gate");
      }
    }

    /** The gates a decision must name, in check order. */
    public List<String> gates() {
      return undecided.stream().map(GateVerdict::gate).toList();
    }

    /** {@code ramp check #3}. */
    public String label() {
      return "%s check #%d".formatted(phase, check);
    }
  }
}
