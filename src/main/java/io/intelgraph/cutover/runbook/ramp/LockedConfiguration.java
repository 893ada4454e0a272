package io.intelgraph.cutover.runbook.ramp;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.HelmRelease;
import io.intelgraph.cutover.cluster.HelmReleases;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Deploy;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.ConfiguredCommand;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * "Canary mode disabled: Locked to production configuration", concretely: in drive mode the suite
 * runs {@code deploy.lock_command} (the runbook's {@code helm upgrade ... --set
 * ingress.traffic.canary.enabled=false --wait}), then verifies from the cluster what it produced:
 *
 * <ul>
 *   <li>the newest record of Helm release {@code deploy.helm_release} ({@link HelmReleases}) is
 *       {@code deployed}, is a revision newer than the newest one before the command (drive mode),
 *       and its user-supplied values hold {@code deploy.lock_value} at {@code
 *       deploy.lock_value_path}, so the next chart upgrade keeps the lock;
 *   <li>the ingress (and the HTTPRoute, if any) sends 100 % to the canary service and 0 to every
 *       other group.
 * </ul>
 *
 * Only then the ledger records a traffic step of 100 % with phase {@code locked}, from which the
 * gate checks count. The suite writes nothing to the cluster here itself: a lock command that did
 * not lock fails the line. Observe mode runs no command and verifies the same state (any revision).
 */
public final class LockedConfiguration implements RunbookLine {

  /** The ledger subject of the lock command's run. */
  public static final String SUBJECT = "lock";

  private final Optional<BiPredicate<LineContext, LineReport.Builder>> lock;

  /** The lock as configured: {@code deploy.lock_command}. */
  public LockedConfiguration() {
    this.lock = Optional.empty();
  }

  /** A lock performed by {@code lock} instead of the configured command (the lines' unit tests). */
  LockedConfiguration(BiPredicate<LineContext, LineReport.Builder> lock) {
    this.lock = Optional.of(lock);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    Cluster cluster = environment.cluster();
    Deploy deploy = environment.deploy();
    KubernetesClient kubernetes = context.kubernetes();
    LineReport.Builder report = context.report();
    HelmReleases releases = new HelmReleases(kubernetes, cluster.namespace());
    String records =
        "Helm release %s's records (Secrets sh.helm.release.v1.%s.v<N> in %s)"
            .formatted(deploy.helmRelease(), deploy.helmRelease(), cluster.namespace());

    Optional<HelmRelease> before;
    try {
      before = releases.latest(deploy.helmRelease());
    } catch (KubernetesClientException | ClusterException e) {
      return report
          .problem(
              "%s cannot be read before the lock: %s; the lock is not run unless its result can be"
                  + " verified (the suite needs list on secrets there: ci/k8s/cutover-lock-rbac.yaml)",
              records, e.getMessage())
          .judged();
    }
    report.evidence(
        "Helm release before the lock", before.map(HelmRelease::describe).orElse("(none)"));
    BiPredicate<LineContext, LineReport.Builder> step =
        lock.orElseGet(
            () ->
                new ConfiguredCommand(
                        SUBJECT,
                        "deploy.lock_command",
                        deploy.lockCommand(),
                        "deploy.lock_timeout",
                        deploy.lockTimeout())
                    ::perform);
    if (!step.test(context, report)) return report.judged();

    checkRelease(releases, records, before, environment.mode(), deploy, report);
    checkWeights(kubernetes, cluster, report);

    LineReport judged = report.judged();
    if (judged.passed()) {
      context
          .ledger()
          .update(
              l -> l.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, judged.observedAt())));
    }
    return judged;
  }

  private static void checkRelease(
      HelmReleases releases,
      String records,
      Optional<HelmRelease> before,
      Mode mode,
      Deploy deploy,
      LineReport.Builder report) {
    Optional<HelmRelease> after;
    try {
      after = releases.latest(deploy.helmRelease());
    } catch (KubernetesClientException | ClusterException e) {
      report.problem("%s cannot be read after the lock: %s", records, e.getMessage());
      return;
    }
    if (after.isEmpty()) {
      report.problem(
          "%s: none found; the lock's helm upgrade recorded no release (check deploy.helm_release"
              + " and that Helm stores releases as Secrets, its default driver)",
          records);
      return;
    }
    HelmRelease release = after.get();
    report.evidence("Helm release after the lock", release.describe());
    report.problemIf(
        !HelmRelease.DEPLOYED.equals(release.status()),
        "Helm release %s is '%s', not '%s'; the upgrade did not complete (helm history %s)",
        release.describe(),
        release.status(),
        HelmRelease.DEPLOYED,
        deploy.helmRelease());
    int previous = before.map(HelmRelease::version).orElse(0);
    report.problemIf(
        mode == Mode.DRIVE && release.version() <= previous,
        "Helm release %s is not newer than before the lock (v%d); deploy.lock_command upgraded"
            + " nothing, so the lock is not in the chart's values and the next upgrade resets it",
        release.describe(),
        previous);
    Optional<String> value = release.value(deploy.lockValuePath());
    report.evidence(
        "Helm release values: %s".formatted(deploy.lockValuePath()), value.orElse("(absent)"));
    report.problemIf(
        !value.equals(Optional.of(deploy.lockValue())),
        "Helm release %s has values %s=%s, the lock sets %s; canary routing is still on in the"
            + " chart (the lock command must --set %s=%s)",
        release.describe(),
        deploy.lockValuePath(),
        value.orElse("(absent)"),
        deploy.lockValue(),
        deploy.lockValuePath(),
        deploy.lockValue());
  }

  private static void checkWeights(
      KubernetesClient kubernetes, Cluster cluster, LineReport.Builder report) {
    String where = "ingress %s/%s".formatted(cluster.namespace(), cluster.ingress());
    try {
      TrafficRouter router = new TrafficRouter(kubernetes, cluster);
      Map<String, Integer> weights = router.ingressWeights();
      report.evidence(where + " weights (" + cluster.routingAnnotation() + ")", weights);
      report.problemIf(
          weights.getOrDefault(cluster.canaryService(), 0) != 100,
          "%s sends %s %% to the canary %s; locked means all traffic to it",
          where,
          weights.get(cluster.canaryService()),
          cluster.canaryService());
      weights.forEach(
          (service, weight) ->
              report.problemIf(
                  !service.equals(cluster.canaryService()) && weight != 0,
                  "%s still sends %d %% to %s; locked means 0 to every other group",
                  where,
                  weight,
                  service));
      router
          .httpRouteCanaryPercent()
          .ifPresent(
              percent ->
                  report.problemIf(
                      percent != 100,
                      "HTTPRoute %s sends %d %% to the canary; locked means 100",
                      cluster.httpRoute().orElseThrow(),
                      percent));
    } catch (RuntimeException e) {
      report.problem("%s cannot be read: %s; check the suite's RBAC on it", where, e.getMessage());
    }
  }
}
