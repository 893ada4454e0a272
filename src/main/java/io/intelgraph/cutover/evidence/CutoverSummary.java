package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;

/**
 * The summary of one release attempt ({@code cutover_summary.json}), computed by {@link
 * SummaryCalculator} from what the run recorded. Field names follow the runbook's summary ({@code
 * cutover_duration_minutes}, {@code gates_passed}, {@code rollbacks}) in snake_case JSON.
 *
 * <pre>{@code
 * evidence.attach("cutover_summary", "application/json", SummaryCalculator.calculate(input).toJson());
 * }</pre>
 *
 * @param gatesEvaluated gate evaluations over all gates that judge the release (shadow gates are
 *     tallied in their own {@link GateLine} only); {@code gatesPassed + gatesFailed} equals it
 * @param worstVerdict the worst verdict any gate that judges the release reached during the attempt
 *     (a shadow gate's never counts)
 * @param rollbacks how many times the rollback plan ran (0 or 1 per attempt)
 * @param halt the canary left short of the locked 100 % by a phase that did not pass: rolled back
 *     or HELD ({@code rollback.on_halt}), when and why; empty if it never halted
 */
public record CutoverSummary(
    String release,
    int attempt,
    Instant started,
    Instant finished,
    long cutoverDurationMinutes,
    List<PhaseLine> phases,
    int gatesEvaluated,
    int gatesPassed,
    int gatesFailed,
    List<GateLine> gates,
    Verdict worstVerdict,
    int rollbacks,
    List<SummaryInput.Rollback> rollbackEvents,
    java.util.Optional<String> halt) {

  public CutoverSummary {
    if (gatesPassed + gatesFailed != gatesEvaluated) {
      throw new IllegalArgumentException(
          "passed %d + failed %d != evaluated %d"
              .formatted(gatesPassed, gatesFailed, gatesEvaluated));
    }
    if (rollbacks != rollbackEvents.size()) {
      throw new IllegalArgumentException(
          "rollbacks %d != %d rollback events".formatted(rollbacks, rollbackEvents.size()));
    }
    phases = List.copyOf(phases);
    gates = List.copyOf(gates);
    rollbackEvents = List.copyOf(rollbackEvents);
    halt = halt == null ? java.util.Optional.empty() : halt;
  }

  /** A phase, how it ended and its lines: passed, failed, skipped (with each skip's reason). */
  public record PhaseLine(
      String name,
      SummaryInput.PhaseStatus status,
      int linesPassed,
      int linesFailed,
      int linesSkipped,
      List<String> skipReasons) {
    public PhaseLine {
      skipReasons = List.copyOf(skipReasons);
    }
  }

  /**
   * One gate's tally; {@code lastVerdict} is where it stood at the end; {@code shadow}: a shadow
   * gate's, what it would have done, outside the attempt's totals and worst verdict.
   */
  public record GateLine(
      String gate,
      int evaluated,
      int passed,
      int failed,
      Verdict worstVerdict,
      Verdict lastVerdict,
      boolean shadow) {

    /** The tally of a gate that judges the release. */
    public GateLine(
        String gate,
        int evaluated,
        int passed,
        int failed,
        Verdict worstVerdict,
        Verdict lastVerdict) {
      this(gate, evaluated, passed, failed, worstVerdict, lastVerdict, false);
    }
  }

  /** The summary as indented JSON with snake_case keys and ISO-8601 times. */
  public String toJson() {
    return JsonMappers.SNAKE_CASE.writeValueAsString(this);
  }
}
