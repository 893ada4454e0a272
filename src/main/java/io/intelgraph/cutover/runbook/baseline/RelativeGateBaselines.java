package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;

/**
 * T-30 "Baselines recorded for every gate judged against its baseline (max_above_baseline)": a gate
 * judged against its baseline later needs one from this phase. The runbook's own lines ({@link
 * GateBaseline#RUNBOOK_GATES}) measure theirs; any other such gate is measured here. The line then
 * reads the ledger back as later phases will and fails naming each gate without a usable baseline
 * and why. With no such gate it passes and says so: nothing later is judged against a baseline.
 *
 * <pre>{@code
 * assertThat(RelativeGateBaselines.fromPrometheus().run(context)).passed();
 * }</pre>
 */
public final class RelativeGateBaselines implements RunbookLine {

  private final StableBaselines baselines;

  RelativeGateBaselines(GateReadings readings) {
    this.baselines = new StableBaselines(readings);
  }

  /** The line as a run reads it: gates measured against the environment's Prometheus. */
  public static RelativeGateBaselines fromPrometheus() {
    return new RelativeGateBaselines(GateReadings.prometheus());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    List<String> relative =
        context.environment().gates().values().stream()
            .filter(g -> g.maxAboveBaseline().isPresent())
            .map(GateSpec::name)
            .toList();
    List<String> toMeasure =
        relative.stream().filter(g -> !GateBaseline.RUNBOOK_GATES.contains(g)).toList();
    List<String> unmeasured =
        toMeasure.isEmpty()
            ? List.of()
            : baselines.measure(context, toMeasure, report).orElse(List.of()).stream()
                .filter(e -> !GateReadings.judged(e))
                .map(GateEvaluation::gate)
                .toList();
    Baselines recorded = GateReadings.recorded(context);
    List<String> missing =
        relative.stream()
            .filter(g -> recorded.measured(g).isEmpty())
            .map(g -> g + ": " + recorded.whyMissing(g))
            .toList();
    report.evidence(
        "Baselines for max_above_baseline gates",
        relative.isEmpty()
            ? "no gate sets max_above_baseline, nothing later is judged against a baseline"
            : "%s in ledger %s: %s"
                .formatted(
                    relative,
                    context.ledger().location(),
                    missing.isEmpty() ? "all recorded" : missing));
    report.problemIf(
        !missing.isEmpty(),
        "gates with max_above_baseline and no usable T-30 baseline in ledger %s: %s; every later"
            + " check of them would be ERROR (measured here but no baseline: %s); %s",
        context.ledger().location(),
        missing,
        unmeasured,
        recorded.remedy());
    return report.judged();
  }
}
