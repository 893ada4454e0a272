package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;
import java.util.Optional;

/**
 * A T-30 baseline line ("API P95 (Target: <= 350 ms)"): the gate of the same name measured on the
 * stable track now, recorded in the ledger (so every later gate with {@code max_above_baseline}
 * compares with exactly this query, across Maven runs) and judged on the gate's absolute threshold.
 * A measurement that is no baseline (no data, stale, too little traffic, an error) fails with its
 * evidence; a gate the environment does not configure is not configured.
 *
 * <pre>{@code
 * assertThat(GateBaseline.of("api_p95").run(context)).passed();
 * }</pre>
 */
public final class GateBaseline implements RunbookLine {

  /** The gates the runbook's own T-30 lines measure, one line each. */
  public static final List<String> RUNBOOK_GATES =
      List.of("api_p95", "api_p99", "graph_3hop_p95", "kafka_lag", "auth_error_ratio");

  private final String gate;
  private final StableBaselines baselines;

  GateBaseline(String gate, GateReadings readings) {
    this.gate = gate;
    this.baselines = new StableBaselines(readings);
  }

  /** The baseline of the configured gate {@code gate}, measured against Prometheus. */
  public static GateBaseline of(String gate) {
    return new GateBaseline(gate, GateReadings.prometheus());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    if (!context.environment().gates().containsKey(gate)) {
      return report
          .notConfigured(context.environment().whyNoGate(gate) + "; the runbook line needs it")
          .judged();
    }
    Optional<GateEvaluation> measured =
        baselines.measure(context, List.of(gate), report).map(all -> all.get(0));
    measured.ifPresent(
        e -> {
          if (!GateReadings.judged(e)) {
            report.problem(
                "no %s baseline: %s; a missing measurement is never a baseline (the runbook's"
                    + " script would record 0)",
                gate, GateReadings.describe(e));
          } else if (e.outcome() != Outcome.PASS) {
            report.problem("%s baseline misses its target: %s", gate, GateReadings.describe(e));
          }
        });
    return report.judged();
  }
}
