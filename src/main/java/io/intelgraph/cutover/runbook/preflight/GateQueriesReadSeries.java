package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * T-15 "Gate queries read production's series": every gate's queries read series this Prometheus
 * has, on every scope it is judged on, with every label they match on (the status label, the track,
 * hops, topic, a histogram's le), so a {@code 0} from {@code or vector(0)} can later only mean "no
 * errors", never "no such label" ({@link MetricContract}).
 *
 * <pre>{@code
 * assertThat(GateQueriesReadSeries.fromPrometheus().run(context)).passed();
 * }</pre>
 */
public final class GateQueriesReadSeries implements RunbookLine {

  private final BiFunction<Environment, Instant, MetricContract.Proof> prove;

  GateQueriesReadSeries(BiFunction<Environment, Instant, MetricContract.Proof> prove) {
    this.prove = prove;
  }

  /** The line as a run reads it: the environment's Prometheus's label names. */
  public static GateQueriesReadSeries fromPrometheus() {
    return new GateQueriesReadSeries(MetricContract::proveEveryScope);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Reading.of(
            report,
            "the gates' series from Prometheus " + env.endpoints().prometheus(),
            () -> prove.apply(env, context.now()))
        .ifPresent(
            proof -> {
              report.evidence("Gate metric contract", proof.describe());
              proof.problems().forEach(report::problem);
              report.problemIf(
                  proof.problems().isEmpty() && !proof.answered(),
                  "Prometheus %s left questions of the gates' metric contract unanswered: %s",
                  env.endpoints().prometheus(),
                  proof.describe());
            });
    return report.judged();
  }
}
