package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;

/**
 * T-15 "Gate plumbing: every gate has fresh data on the stable track": every gate's query, traffic
 * and freshness queries answer for the stable track now, no NO_DATA, STALE, LOW_SAMPLE or ERROR, so
 * no gate can later "pass" for lack of data. Gates with {@code max_above_baseline} are judged
 * against the T-30 baselines in the ledger, so a baseline that is missing (or of another rate
 * window) stops the release here, before the canary, with the fix. A BREACH is not this line's
 * business: the gate could judge, and the canary's gates judge the canary.
 *
 * <pre>{@code
 * assertThat(GatesHaveFreshData.fromPrometheus().run(context)).passed();
 * }</pre>
 */
public final class GatesHaveFreshData implements RunbookLine {

  private final GateReadings readings;

  GatesHaveFreshData(GateReadings readings) {
    this.readings = readings;
  }

  /** The line as a run reads it: every configured gate against the environment's Prometheus. */
  public static GatesHaveFreshData fromPrometheus() {
    return new GatesHaveFreshData(GateReadings.prometheus());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    List<String> gates = List.copyOf(context.environment().gates().keySet());
    report.problemIf(
        gates.isEmpty(),
        "environment %s configures no gate: nothing would judge the canary; keep the default gates"
            + " or configure gates.*",
        context.environment().name());
    Reading.of(
            report,
            "the gates on the stable track from Prometheus",
            () -> readings.evaluate(context, Scope.STABLE, gates, GateReadings.recorded(context)))
        .ifPresent(
            evaluations -> {
              // what each gate saw, with the baseline limit it used, whether or not the line passes
              report.evidence(
                  "Gate plumbing: every gate on the stable track",
                  String.join("\n", evaluations.stream().map(GateReadings::describe).toList()));
              for (GateEvaluation e : evaluations) {
                report.problemIf(
                    !GateReadings.judged(e),
                    "%s cannot judge the stable track; a gate without data can never pass later:"
                        + " %s",
                    e.gate(),
                    GateReadings.describe(e));
              }
            });
    return report.judged();
  }
}
