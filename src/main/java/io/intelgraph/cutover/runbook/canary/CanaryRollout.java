package io.intelgraph.cutover.runbook.canary;

import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;

/**
 * "kubectl rollout status deployment/{cluster.canary_deployment}": the canary's rollout is awaited
 * (bounded by {@code cadence.rollout_timeout}) before any traffic moves, as the runbook runs it
 * right after its deploy script; a rollout past its progress deadline fails at once.
 */
public final class CanaryRollout implements RunbookLine {

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    Deployments deployments =
        new Deployments(context.kubernetes(), environment.cluster().namespace());
    String name = environment.cluster().canaryDeployment();
    LineReport.Builder report = context.report();
    try {
      BoundedWait.named("rollout status deployment/" + name)
          .atMost(environment.cadence().rolloutTimeout())
          .progressEvery(environment.cadence().progressEvery())
          .status(() -> deployments.status(name).describe())
          .failFast(
              "rollout exceeded its progress deadline (ProgressDeadlineExceeded)",
              () -> deployments.status(name).hasFailed())
          .until(() -> deployments.status(name).isComplete());
      report.evidence("rollout", deployments.status(name).describe());
    } catch (WaitTimeoutException e) {
      report.problem(
          "deployment %s/%s: %s", environment.cluster().namespace(), name, e.getMessage());
    }
    return report.judged();
  }
}
