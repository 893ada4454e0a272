package io.intelgraph.cutover.runbook.canary;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Mode;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.util.OptionalInt;

/**
 * "Canary deployed successfully: 20% traffic routing active" and the ramp's "40% traffic active":
 * the canary's share of the ingress (and of the HTTPRoute, if any) is the step's weight. In {@code
 * drive} mode the line sets it; in {@code observe} mode the canary step only verifies that whoever
 * drives the cutover did, and a ramp step waits (bounded by {@code cadence.rollout_timeout}) for
 * it. The step is recorded in the ledger: the canary's when this run set it, every ramp step.
 */
public final class TrafficWeight implements RunbookLine {

  private final int percent;
  private final String step;
  private final boolean ramp;

  private TrafficWeight(int percent, String step, boolean ramp) {
    this.percent = percent;
    this.step = step;
    this.ramp = ramp;
  }

  /** The canary at {@code cadence.canary_weight}. */
  public static TrafficWeight canary(Environment environment) {
    return new TrafficWeight(environment.cadence().canaryWeight(), "canary", false);
  }

  /** One ramp step (40, 60, 80, 100 %). */
  public static TrafficWeight rampStep(int percent) {
    return new TrafficWeight(percent, "ramp", true);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment environment = context.environment();
    Cluster cluster = environment.cluster();
    String ingress = "ingress %s/%s".formatted(cluster.namespace(), cluster.ingress());
    LineReport.Builder report = context.report();
    TrafficRouter router = new TrafficRouter(context.kubernetes(), cluster);
    boolean moved = false;
    try {
      if (environment.mode() == Mode.DRIVE) {
        int before = router.canaryPercent();
        router.setCanaryPercent(percent);
        moved = true;
        report.evidence(
            "weight set", "canary %d %% -> %d %% on %s".formatted(before, percent, ingress));
      } else if (ramp) {
        BoundedWait.named("observe: canary at %d %% on %s".formatted(percent, ingress))
            .atMost(environment.cadence().rolloutTimeout())
            .progressEvery(environment.cadence().progressEvery())
            .status(() -> "ingress weights " + router.ingressWeights())
            .until(() -> router.canaryPercent() == percent);
      }
      int share = router.canaryPercent();
      report.evidence(ingress + " weights", router.ingressWeights());
      report.problemIf(
          share != percent,
          "%s mode: the canary's share on %s (%s) is %d %%, expected %d %%%s",
          environment.mode(),
          ingress,
          cluster.routingAnnotation(),
          share,
          percent,
          environment.mode() == Mode.DRIVE
              ? "; the weight this run set did not hold"
              : "; whoever drives the cutover has not set it");
      OptionalInt route = router.httpRouteCanaryPercent();
      if (route.isPresent()) {
        String name = cluster.httpRoute().orElseThrow();
        report.evidence("HTTPRoute " + name + " weights", router.httpRouteWeights(name));
        report.problemIf(
            route.getAsInt() != percent,
            "the canary's share on HTTPRoute %s is %d %%, expected %d %%",
            name,
            route.getAsInt(),
            percent);
      }
    } catch (WaitTimeoutException e) {
      report.problem("%s mode: %s", environment.mode(), e.getMessage());
    } catch (RuntimeException e) {
      report.problem(
          "the canary's weight cannot be read or set on %s: %s; check the ingress and the"
              + " suite's RBAC on it",
          ingress, e.getMessage());
    }
    LineReport judged = report.judged();
    // a weight this run moved is recorded even if it did not read back: the halt policy must know
    // the canary may be taking traffic
    if (moved || (ramp && judged.passed())) {
      context
          .ledger()
          .update(l -> l.withTraffic(new TrafficStep(percent, step, judged.observedAt())));
    }
    return judged;
  }
}
