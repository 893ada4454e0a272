package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.runbook.LineReport;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry point for the suite's domain values: a run-of-show line, or a user's own check,
 * asserts what the runbook says ("the gate is GREEN", "the golden passed") and gets a failure
 * message that carries the evidence (value, threshold, query, answer, time) without re-describing
 * it each time. Everything else is AssertJ's own {@link Assertions}.
 *
 * <pre>{@code
 * import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
 *
 * assertThat(verdict).isGreen();
 * assertThat(report).hasGreenGates("api_p95");
 * assertThat(suite.entityWrite()).passed();
 * assertThat(deployments.status("api-canary")).isComplete();
 * assertThat(line.run(context)).passed();
 * }</pre>
 */
public final class CutoverAssertions extends Assertions {

  private CutoverAssertions() {}

  public static GateVerdictAssert assertThat(GateVerdict actual) {
    return new GateVerdictAssert(actual);
  }

  public static GateReportAssert assertThat(GateReport actual) {
    return new GateReportAssert(actual);
  }

  public static GateEvaluationAssert assertThat(GateEvaluation actual) {
    return new GateEvaluationAssert(actual);
  }

  public static SamplingReportAssert assertThat(SamplingReport actual) {
    return new SamplingReportAssert(actual);
  }

  public static LatencySampleAssert assertThat(LatencySample actual) {
    return new LatencySampleAssert(actual);
  }

  public static DeploymentStatusAssert assertThat(DeploymentStatus actual) {
    return new DeploymentStatusAssert(actual);
  }

  public static LineReportAssert assertThat(LineReport actual) {
    return new LineReportAssert(actual);
  }
}
