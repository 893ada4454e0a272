package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.function.Function;

/**
 * T-15 "Policy decisions < {preflight.opa_max_p95}: Performance within SLO": {@code
 * preflight.opa_samples} decisions of {@code preflight.opa_decision_path} all answered (200 with a
 * result) and their p95 is at most {@code preflight.opa_max_p95}.
 *
 * <pre>{@code
 * assertThat(PolicyDecisionsFast.fromOpa().run(context)).passed();
 * }</pre>
 */
public final class PolicyDecisionsFast implements RunbookLine {

  private final Function<Environment, OpaProbe.DecisionSample> opa;

  PolicyDecisionsFast(Function<Environment, OpaProbe.DecisionSample> opa) {
    this.opa = opa;
  }

  /** The line as a run reads it: decisions timed against {@code endpoints.opa}. */
  public static PolicyDecisionsFast fromOpa() {
    return new PolicyDecisionsFast(
        env ->
            new OpaProbe(env.endpoints().opa(), env.preflight().timeout())
                .timeDecisions(env.preflight().opaDecisionPath(), env.preflight().opaSamples()));
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    Preflight preflight = env.preflight();
    LineReport.Builder report = context.report();
    Reading.of(
            report,
            "decisions of %s from OPA %s"
                .formatted(preflight.opaDecisionPath(), env.endpoints().opa()),
            () -> opa.apply(env))
        .ifPresent(
            sample -> {
              LatencySample latency =
                  new LatencySample(
                      "OPA decision " + preflight.opaDecisionPath(),
                      sample.latencies(),
                      preflight.opaMaxP95());
              report.evidence("OPA decision latency", latency);
              report.problemIf(
                  sample.failures() > 0,
                  "%d of %d decisions at %s failed (no 200 with a result); %s",
                  sample.failures(),
                  preflight.opaSamples(),
                  sample.path(),
                  latency);
              report.problemIf(
                  !latency.meetsTarget(),
                  "decisions at %s miss preflight.opa_max_p95 %d ms: %s",
                  sample.path(),
                  preflight.opaMaxP95().toMillis(),
                  latency);
            });
    return report.judged();
  }
}
