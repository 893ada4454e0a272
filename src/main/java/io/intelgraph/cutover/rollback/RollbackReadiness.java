package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.cluster.AccessRequest;
import io.intelgraph.cutover.cluster.AccessReview;
import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.RollbackSpec;
import io.intelgraph.cutover.support.Executables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Whether the rollback could execute now, before anything moves (the T-15 line "Rollback can
 * execute" and {@code rollback --check}):
 *
 * <ol>
 *   <li>the API server allows every request the rollback plan's actions and the ramp's traffic
 *       moves make, asked of the server itself as {@code kubectl auth can-i} does (a
 *       SelfSubjectAccessReview per request, see {@link AccessReview}); the list comes from the
 *       plan's actions, so it cannot drift from what a rollback sends;
 *   <li>the rollback script ({@code rollback.script}), when configured, exists and is executable;
 *   <li>the stable deployment can take all traffic back: its ready replicas at least {@code
 *       rollback.min_stable_ready}, else at least the canary's ready replicas (and never 0).
 * </ol>
 *
 * <pre>{@code
 * RollbackReadiness.Report report = RollbackReadiness.of(env, kubernetes).check();
 * assertThat(report.problems()).as(report.describe()).isEmpty();
 * }</pre>
 */
public final class RollbackReadiness {

  private final List<AccessRequest> requests;
  private final Function<AccessRequest, AccessReview.Answer> canI;
  private final Deployments deployments;
  private final String stable;
  private final String canary;
  private final RollbackSpec spec;
  private final Path workingDirectory;
  private final Clock clock;

  RollbackReadiness(
      List<AccessRequest> requests,
      Function<AccessRequest, AccessReview.Answer> canI,
      Deployments deployments,
      String stable,
      String canary,
      RollbackSpec spec,
      Path workingDirectory,
      Clock clock) {
    this.requests = List.copyOf(requests);
    this.canI = canI;
    this.deployments = deployments;
    this.stable = stable;
    this.canary = canary;
    this.spec = spec;
    this.workingDirectory = workingDirectory;
    this.clock = clock;
  }

  /**
   * The check for this environment's rollback plan and ramp, asked of {@code kubernetes}'s API
   * server as its identity.
   */
  public static RollbackReadiness of(Environment env, KubernetesClient kubernetes) {
    LinkedHashSet<AccessRequest> all =
        new LinkedHashSet<>(RollbackPlan.of(env, kubernetes, List.of()).requests());
    all.addAll(new TrafficRouter(kubernetes, env.cluster()).requests());
    AccessReview review = new AccessReview(kubernetes);
    return new RollbackReadiness(
        List.copyOf(all),
        review::ask,
        new Deployments(kubernetes, env.cluster().namespace()),
        env.cluster().stableDeployment(),
        env.cluster().canaryDeployment(),
        env.rollback(),
        Path.of("").toAbsolutePath(),
        Clock.systemUTC());
  }

  /**
   * What was checked and what is wrong.
   *
   * @param checked one line per check, what was seen, whether or not it passed
   * @param problems what stops the rollback, each with the fix; empty = the rollback can execute
   */
  public record Report(List<String> checked, List<String> problems, Instant observedAt) {

    public Report {
      checked = List.copyOf(checked);
      problems = List.copyOf(problems);
    }

    /**
     * The verdict and the problems on the first line (a summary shows only that), then every check,
     * one per line.
     */
    public String describe() {
      String verdict =
          problems.isEmpty()
              ? "the rollback can execute (at %s)".formatted(observedAt)
              : "the rollback cannot execute (at %s), %d problem(s): %s"
                  .formatted(observedAt, problems.size(), String.join(" AND ", problems));
      return verdict + "%n  ".formatted() + String.join("%n  ".formatted(), checked);
    }
  }

  public Report check() {
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (requests.isEmpty())
      problems.add(
          "the rollback plan makes no Kubernetes request: nothing would move traffic back; this is a bug in the plan");
    List<String> refused = new ArrayList<>();
    for (AccessRequest request : requests) {
      AccessReview.Answer answer = canI.apply(request);
      checked.add(answer.describe());
      if (!answer.allowed()) refused.add(answer.describe());
    }
    if (!refused.isEmpty()) {
      problems.add(
          ("the API server does not allow %d of the %d requests the rollback and the ramp make: %s; grant them to the runner's"
                  + " identity (ci/k8s/cutover-phase-job.yaml, Role maestro-cutover-rollback) and check with `kubectl auth can-i ... --as=<identity>`")
              .formatted(refused.size(), requests.size(), refused));
    }
    spec.script().ifPresent(script -> checkScript(script, checked, problems));
    checkStable(checked, problems);
    return new Report(checked, problems, clock.instant());
  }

  private void checkScript(String command, List<String> checked, List<String> problems) {
    Executables.Check script = Executables.check("rollback.script", command, workingDirectory);
    checked.add(script.found());
    script.problem().ifPresent(problems::add);
  }

  private void checkStable(List<String> checked, List<String> problems) {
    DeploymentStatus stableStatus;
    DeploymentStatus canaryStatus;
    try {
      stableStatus = deployments.status(stable);
      canaryStatus = deployments.status(canary);
    } catch (ClusterException | io.fabric8.kubernetes.client.KubernetesClientException e) {
      problems.add(
          "cannot read the deployments to judge whether stable can take all traffic back: "
              + e.getMessage());
      return;
    }
    int needed = spec.minStableReady().orElse(Math.max(1, canaryStatus.ready()));
    String basis =
        spec.minStableReady().isPresent()
            ? "rollback.min_stable_ready"
            : "the canary's ready replicas (rollback.min_stable_ready unset)";
    String seen =
        "stable %s: %d ready, needs %d (%s); canary %s: %d ready"
            .formatted(stable, stableStatus.ready(), needed, basis, canary, canaryStatus.ready());
    checked.add(seen);
    if (stableStatus.ready() < needed) {
      problems.add(
          ("stable cannot take all traffic back: %s; scale stable up (kubectl scale deployment/%s --replicas=%d) or wait for its pods"
                  + " to turn ready")
              .formatted(seen, stable, needed));
    }
  }
}
