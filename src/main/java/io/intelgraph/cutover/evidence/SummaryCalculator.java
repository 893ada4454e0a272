package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.evidence.CutoverSummary.GateLine;
import io.intelgraph.cutover.evidence.CutoverSummary.PhaseLine;
import io.intelgraph.cutover.evidence.SummaryInput.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the {@link CutoverSummary} from what the attempt recorded; the runbook's summary is a
 * hard-coded line ({@code "gates_passed": 4, "rollbacks": 0}), ours is counted.
 *
 * <pre>{@code
 * CutoverSummary summary = SummaryCalculator.calculate(input);
 * }</pre>
 *
 * <p>An evaluation passes only with outcome {@code PASS}; every other outcome (a breach, no data,
 * stale data, too little traffic, a provider error) counts as failed. With no evaluation at all the
 * worst verdict is {@code RED}: a release whose gates were never evaluated is not green. A shadow
 * gate (as its latest record says) gets its own line, marked, outside the totals and the worst
 * verdict.
 */
public final class SummaryCalculator {

  private SummaryCalculator() {}

  /** The summary of this input. */
  public static CutoverSummary calculate(SummaryInput input) {
    Map<String, List<GateEvaluation>> byGate = new LinkedHashMap<>();
    input.evaluations().stream()
        .sorted(Comparator.comparing(GateEvaluation::evaluatedAt))
        .forEach(e -> byGate.computeIfAbsent(e.gate(), gate -> new ArrayList<>()).add(e));

    List<GateLine> gates = new ArrayList<>();
    byGate.forEach(
        (gate, evaluations) -> {
          int passed = (int) evaluations.stream().filter(e -> e.outcome() == Outcome.PASS).count();
          Verdict worst =
              evaluations.stream()
                  .map(GateEvaluation::verdict)
                  .max(Comparator.naturalOrder())
                  .orElseThrow();
          GateEvaluation latest = evaluations.get(evaluations.size() - 1);
          gates.add(
              new GateLine(
                  gate,
                  evaluations.size(),
                  passed,
                  evaluations.size() - passed,
                  worst,
                  latest.verdict(),
                  latest.shadow()));
        });
    // a shadow gate is tried, not trusted: its tally is shown, the attempt's figures are the
    // release's
    List<GateLine> judging = gates.stream().filter(g -> !g.shadow()).toList();
    int evaluated = judging.stream().mapToInt(GateLine::evaluated).sum();
    int passed = judging.stream().mapToInt(GateLine::passed).sum();
    Verdict worst =
        judging.stream()
            .map(GateLine::worstVerdict)
            .max(Comparator.naturalOrder())
            .orElse(Verdict.RED);

    List<PhaseLine> phases =
        input.phases().stream()
            .sorted(Comparator.comparing(SummaryInput.Phase::started))
            .map(
                p ->
                    new PhaseLine(
                        p.name(),
                        p.status(),
                        p.passed(),
                        p.failed(),
                        p.skipped().size(),
                        p.skipped()))
            .toList();
    List<SummaryInput.Rollback> rollbacks =
        input.rollbacks().stream().sorted(Comparator.comparing(SummaryInput.Rollback::at)).toList();

    return new CutoverSummary(
        input.release(),
        input.attempt(),
        input.started(),
        input.finished(),
        Duration.between(input.started(), input.finished()).toMinutes(),
        phases,
        evaluated,
        passed,
        evaluated - passed,
        gates,
        worst,
        rollbacks.size(),
        rollbacks,
        input.halt());
  }
}
