package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maps what the ledger recorded onto the evidence's inputs: the {@link SummaryInput} of {@code
 * cutover_summary.json} and the ramp marks of the SLO chart. Every figure of the summary is counted
 * from these records; none is typed.
 *
 * <pre>{@code
 * CutoverSummary summary = SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, Instant.now()));
 * List<RampMark> ramp = LedgerFacts.ramp(ledger);
 * }</pre>
 */
public final class LedgerFacts {

  private LedgerFacts() {}

  /**
   * The attempt's facts as of {@code now}; the attempt number is the one the ledger store counted
   * when the attempt started.
   */
  public static SummaryInput summaryInput(Ledger ledger, Instant now) {
    List<SummaryInput.Phase> phases =
        ledger.phases().stream()
            .map(
                p ->
                    new SummaryInput.Phase(
                        p.phase(),
                        status(p.status()),
                        p.started(),
                        Optional.of(p.finished()),
                        p.lines().passed(),
                        p.lines().failed(),
                        p.lines().skipReasons()))
            .toList();
    List<SummaryInput.GateEvaluation> evaluations =
        ledger.gates().stream().map(LedgerFacts::evaluation).toList();
    List<SummaryInput.Rollback> rollbacks =
        ledger
            .rollback()
            .filter(RollbackRecord::claimedByARunner)
            .map(
                r ->
                    List.of(
                        new SummaryInput.Rollback(
                            r.requestedAt(),
                            r.reason(),
                            r.state() + (r.dryRun() ? " (dry run)" : "") + ": " + r.summary(),
                            r.recovery()
                                .map(
                                    stable ->
                                        new SummaryInput.StableAfterRollback(
                                            stable.healthy(),
                                            stable.after().toSeconds(),
                                            stable.stillWrong())))))
            .orElse(List.of());
    Instant finished = now.isBefore(ledger.startedAt()) ? ledger.startedAt() : now;
    return new SummaryInput(
        ledger.releaseTag(),
        ledger.attempt(),
        ledger.startedAt(),
        finished,
        phases,
        evaluations,
        rollbacks,
        ledger.halt().map(io.intelgraph.cutover.ledger.HaltRecord::summary));
  }

  /**
   * The traffic steps as chart marks, in time order, and the rollback as a step back to 0 % when it
   * moved the traffic (claimed by a runner, not a dry run), so the chart runs through the rollback.
   */
  public static List<RampMark> ramp(Ledger ledger) {
    List<RampMark> marks =
        new java.util.ArrayList<>(
            ledger.traffic().stream()
                .map(step -> new RampMark(step.at(), step.canaryPercent()))
                .toList());
    ledger
        .rollback()
        .filter(RollbackRecord::claimedByARunner)
        .filter(r -> !r.dryRun())
        .filter(
            r ->
                ledger.traffic().stream()
                    .noneMatch(
                        step -> step.canaryPercent() == 0 && !step.at().isBefore(r.requestedAt())))
        .ifPresent(r -> marks.add(new RampMark(r.requestedAt(), 0)));
    return List.copyOf(marks);
  }

  /**
   * The ledger as indented JSON, for the evidence (the ledger holds no secret: see the redaction of
   * its messages).
   */
  public static String json(Ledger ledger) {
    return JsonMappers.SNAKE_CASE.writeValueAsString(ledger);
  }

  /**
   * A gate of one scope is its own series of evaluations (its own streak): {@code api_p95[canary]}.
   */
  private static SummaryInput.GateEvaluation evaluation(GateRecord record) {
    return new SummaryInput.GateEvaluation(
        record.gate() + "[" + record.scope() + "]",
        record.at(),
        record.outcome(),
        record.verdict(),
        record.shadow());
  }

  private static SummaryInput.PhaseStatus status(PhaseResult.Status status) {
    return switch (status) {
      case PASSED -> SummaryInput.PhaseStatus.PASSED;
      case PASSED_WITH_SKIPS -> SummaryInput.PhaseStatus.PASSED_WITH_SKIPS;
      case FAILED -> SummaryInput.PhaseStatus.FAILED;
      case BROKEN -> SummaryInput.PhaseStatus.BROKEN;
      case SKIPPED -> SummaryInput.PhaseStatus.SKIPPED;
      case REFUSED -> SummaryInput.PhaseStatus.REFUSED;
    };
  }
}
