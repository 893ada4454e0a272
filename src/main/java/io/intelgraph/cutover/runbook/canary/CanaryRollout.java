package io.intelgraph.cutover.runbook.canary;

import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.config.Deploy;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.runbook.ConfiguredCommand;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.util.Optional;

/**
 * T-0's "./scripts/cutover/deploy-canary.sh" then "kubectl rollout status
 * deployment/{cluster.canary_deployment}": in drive mode the suite runs {@code
 * deploy.canary_command} ({@link ConfiguredCommand}; observe mode verifies someone else's deploy),
 * then awaits the canary's rollout (bounded by {@code cadence.rollout_timeout}, a rollout past its
 * progress deadline fails at once) before any traffic moves, and then checks from the cluster that
 * the deploy produced this release: the canary's pod template carries {@code deploy.version_label}
 * = {@code release.tag}. A deploy that did nothing, or deployed another release, fails here.
 */
public final class CanaryRollout implements RunbookLine {

  /** The ledger subject of the deploy command's run. */
  public static final String SUBJECT = "canary deploy";

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    Deploy deploy = environment.deploy();
    LineReport.Builder report = context.report();
    ConfiguredCommand command =
        new ConfiguredCommand(
            SUBJECT,
            "deploy.canary_command",
            deploy.canaryCommand(),
            "deploy.canary_timeout",
            deploy.canaryTimeout());
    if (!command.perform(context, report)) return report.judged();
    Deployments deployments =
        new Deployments(context.kubernetes(), environment.cluster().namespace());
    String name = environment.cluster().canaryDeployment();
    String where = "deployment %s/%s".formatted(environment.cluster().namespace(), name);
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
      Optional<String> version = deployments.templateLabel(name, deploy.versionLabel());
      String expected = environment.release().tag();
      report.evidence(
          "%s pod template %s".formatted(where, deploy.versionLabel()), version.orElse("(none)"));
      report.problemIf(
          !version.equals(Optional.of(expected)),
          "%s runs %s=%s, not release %s; the deploy did not roll out this release (check %s,"
              + " or deploy.version_label if the chart labels the version elsewhere)",
          where,
          deploy.versionLabel(),
          version.orElse("(absent)"),
          expected,
          environment.mode() == io.intelgraph.cutover.config.Mode.DRIVE
              ? "the output of deploy.canary_command above"
              : "the deploy of whoever drives the cutover");
    } catch (WaitTimeoutException e) {
      report.problem("%s: %s", where, e.getMessage());
    } catch (ClusterException e) {
      report.problem(e.getMessage());
    }
    return report.judged();
  }
}
