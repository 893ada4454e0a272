package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.cluster.AccessRequest;
import io.intelgraph.cutover.cluster.AccessReview;
import io.intelgraph.cutover.cluster.HelmReleases;
import io.intelgraph.cutover.config.Deploy;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.support.Executables;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * T-15 "Deploy and lock can run": before anything moves, what T-0's deploy and the lock rely on is
 * in place. In {@code drive} mode both configured commands ({@code deploy.canary_command}, {@code
 * deploy.lock_command}) exist and are executable from the working directory (a missing one is not
 * configured, naming the key); in both modes the API server allows what the lock line reads to
 * verify the lock (the Helm release records: {@code list secrets}, asked as {@code kubectl auth
 * can-i} does), so the lock cannot pass unverified or fail only once traffic has moved.
 *
 * <pre>{@code
 * assertThat(DeployCanRun.fromCluster().run(context)).passed();
 * }</pre>
 */
public final class DeployCanRun implements RunbookLine {

  private final BiFunction<LineContext, AccessRequest, AccessReview.Answer> canI;
  private final Path workingDirectory;

  DeployCanRun(
      BiFunction<LineContext, AccessRequest, AccessReview.Answer> canI, Path workingDirectory) {
    this.canI = canI;
    this.workingDirectory = workingDirectory;
  }

  /** The line as a run reads it: the cluster's access review, the suite's working directory. */
  public static DeployCanRun fromCluster() {
    return new DeployCanRun(
        (context, request) -> new AccessReview(context.kubernetes()).ask(request),
        Path.of("").toAbsolutePath());
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    Deploy deploy = env.deploy();
    LineReport.Builder report = context.report();
    if (env.mode() == Mode.DRIVE) {
      if (deploy.canaryCommand().isEmpty() || deploy.lockCommand().isEmpty()) {
        return report
            .notConfigured(
                ("in drive mode the suite runs T-0's deploy and the lock: set %s in environment %s"
                        + " (e.g. ./scripts/cutover/deploy-canary.sh and helm upgrade ... --wait),"
                        + " or run in observe mode")
                    .formatted(
                        deploy.canaryCommand().isEmpty()
                            ? deploy.lockCommand().isEmpty()
                                ? "deploy.canary_command and deploy.lock_command"
                                : "deploy.canary_command"
                            : "deploy.lock_command",
                        env.name()))
            .judged();
      }
      command(report, "deploy.canary_command", deploy.canaryCommand());
      command(report, "deploy.lock_command", deploy.lockCommand());
    } else {
      report.evidence(
          "mode",
          "observe: the deploy and the lock are someone else's; the lines only verify them");
    }
    for (AccessRequest request : HelmReleases.requests(env.cluster().namespace())) {
      AccessReview.Answer answer = canI.apply(context, request);
      report.evidence("access to Helm release " + deploy.helmRelease(), answer.describe());
      report.problemIf(
          !answer.allowed(),
          "the lock line reads Helm release %s's records, but the API server answers %s; apply"
              + " ci/k8s/cutover-lock-rbac.yaml for the ramp's runner (and delete it after the lock)",
          deploy.helmRelease(),
          answer.describe());
    }
    return report.judged();
  }

  private void command(LineReport.Builder report, String key, Optional<String> command) {
    Executables.Check check = Executables.check(key, command.orElseThrow(), workingDirectory);
    report.evidence(key, check.found());
    check.problem().ifPresent(problem -> report.problem("%s", problem));
  }
}
