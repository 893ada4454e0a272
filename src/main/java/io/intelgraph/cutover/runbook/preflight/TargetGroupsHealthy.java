package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.cluster.TargetHealth;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "ALB target groups healthy: Blue + canary both ready": the target groups as the AWS Load
 * Balancer Controller fills them. Each Service (stable and canary) has ready endpoints in its
 * EndpointSlices, the ingress has a load balancer address, and the ingress routes to both services.
 *
 * <pre>{@code
 * assertThat(TargetGroupsHealthy.fromCluster().run(context)).passed();
 * }</pre>
 */
public final class TargetGroupsHealthy implements RunbookLine {

  private final Function<LineContext, TargetHealth.Report> targets;
  private final Function<LineContext, Map<String, Integer>> weights;

  TargetGroupsHealthy(
      Function<LineContext, TargetHealth.Report> targets,
      Function<LineContext, Map<String, Integer>> weights) {
    this.targets = targets;
    this.weights = weights;
  }

  /** The line as a run reads it: EndpointSlices and the ingress from the cluster. */
  public static TargetGroupsHealthy fromCluster() {
    return new TargetGroupsHealthy(
        context -> {
          Cluster cluster = context.environment().cluster();
          return new TargetHealth(context.kubernetes(), cluster.namespace())
              .of(cluster.ingress(), List.of(cluster.stableService(), cluster.canaryService()));
        },
        context ->
            new TrafficRouter(context.kubernetes(), context.environment().cluster())
                .ingressWeights());
  }

  @Override
  public LineReport run(LineContext context) {
    Cluster cluster = context.environment().cluster();
    String ingress = cluster.namespace() + "/" + cluster.ingress();
    LineReport.Builder report = context.report();
    Reading.of(report, "the target groups of ingress " + ingress, () -> targets.apply(context))
        .ifPresent(
            health -> {
              report.evidence("Target groups", health.describe());
              health.problems().forEach(p -> report.problem("target groups: %s", p));
            });
    Optional<Map<String, Integer>> routes =
        Reading.of(report, "the backends of ingress " + ingress, () -> weights.apply(context));
    routes.ifPresent(
        routed -> {
          report.evidence("Ingress backends", routed);
          report.problemIf(
              !routed
                  .keySet()
                  .containsAll(List.of(cluster.stableService(), cluster.canaryService())),
              "ingress %s routes to %s; both the stable (%s) and the canary (%s) target group must"
                  + " be attached",
              ingress,
              routed,
              cluster.stableService(),
              cluster.canaryService());
        });
    return report.judged();
  }
}
