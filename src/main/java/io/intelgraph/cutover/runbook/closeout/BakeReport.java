package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Closeout;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.runbook.BakeSpan;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The closeout's "SLO adherence" lines, the 72-hour bake report over {@code
 * cadence.closeout_window} (72 h; 2 min in the sandbox) ending at the first line, never before full
 * traffic, with the share of the window the data covered (too little is NO_DATA). PromQL over all
 * traffic, names from {@code closeout.*}.
 *
 * <pre>{@code
 * BakeReport bake = new BakeReport();
 * assertThat(bake.apiAvailability().run(context)).passed();
 * }</pre>
 */
public final class BakeReport {

  private final BakeSpan span =
      new BakeSpan("closeout", "closeout_window", env -> env.cadence().closeoutWindow());
  private final Function<Environment, BakeProbe> probes;

  /** The bake report as a run reads it: PromQL against the environment's Prometheus. */
  public BakeReport() {
    this(BakeProbe::closeout);
  }

  BakeReport(Function<Environment, BakeProbe> probes) {
    this.probes = probes;
  }

  /** 1 - 5xx ratio over the window against {@code closeout.availability}. */
  public RunbookLine apiAvailability() {
    return context -> {
      Closeout closeout = context.environment().closeout();
      return measured(
          context,
          (probe, window) ->
              probe.ratio(
                  "API availability (non-5xx / all requests)",
                  closeout.goodRequests(),
                  closeout.requests(),
                  closeout.availability(),
                  window));
    };
  }

  /**
   * The share of the window's steps whose p95 meets {@code closeout.p95_latency}, against {@code
   * slo.compliance_min}: the rule the T+120 SLO report shares.
   */
  public RunbookLine p95LatencyCompliance() {
    return context -> {
      Closeout closeout = context.environment().closeout();
      return measured(
          context,
          (probe, window) ->
              probe.p95Compliance(
                  "P95 latency compliance (share of steps with p95 %s)"
                      .formatted(closeout.p95Latency()),
                  closeout.latencyBucket(),
                  closeout.latencyCount(),
                  closeout.p95Latency(),
                  context.environment().slo().complianceMin(),
                  window));
    };
  }

  /** 5xx over the window against the budget of {@code closeout.slo} over its period. */
  public RunbookLine errorBudgetBurn() {
    return context -> {
      Closeout closeout = context.environment().closeout();
      return measured(
          context,
          (probe, window) ->
              probe.errorBudget(
                  "Error budget burn",
                  closeout.badRequests(),
                  closeout.requests(),
                  closeout.slo(),
                  closeout.errorBudgetPeriod(),
                  closeout.maxErrorBudgetBurn(),
                  window));
    };
  }

  /**
   * "Dashboard exports: 72-hour performance data saved": the series behind this report and every
   * gate, over the same window, into the closeout's evidence (see {@link DashboardExport}).
   */
  public RunbookLine dashboardExports() {
    return new DashboardExport(span, probes, CloseoutEvidence::writer);
  }

  private LineReport measured(
      LineContext context, BiFunction<BakeProbe, BakeWindow, BakeResult> line) {
    BakeProbe probe = probes.apply(context.environment());
    return span.judge(context, window -> line.apply(probe, window));
  }
}
