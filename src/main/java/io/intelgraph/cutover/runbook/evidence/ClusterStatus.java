package io.intelgraph.cutover.runbook.evidence;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.cluster.ClusterException;
import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.cluster.Deployments;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.support.JsonMappers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * T+120 "Deployment Status": the stable and canary deployments, the ingress weights and the
 * HTTPRoute as the cluster reports them, written into the evidence as JSON and text. Both
 * deployments must be completely rolled out, and the canary weight must be the ledger's last
 * traffic step, or 0 after a rollback.
 *
 * <pre>{@code
 * assertThat(new ClusterStatus(evidence).run(context)).passed();
 * }</pre>
 */
public final class ClusterStatus implements RunbookLine {

  private final EvidenceWriter evidence;

  public ClusterStatus(EvidenceWriter evidence) {
    this.evidence = evidence;
  }

  @Override
  public LineReport run(LineContext context) {
    Cluster cluster = context.environment().cluster();
    LineReport.Builder report = context.report();
    KubernetesClient kubernetes = context.kubernetes();
    try {
      Deployments deployments = new Deployments(kubernetes, cluster.namespace());
      TrafficRouter router = new TrafficRouter(kubernetes, cluster);
      DeploymentStatus stable = deployments.status(cluster.stableDeployment());
      DeploymentStatus canary = deployments.status(cluster.canaryDeployment());
      String text = snapshot(context, cluster, router, stable, canary);
      report.evidence("kubernetes status", text);
      for (DeploymentStatus deployment : List.of(stable, canary)) {
        report.problemIf(
            !deployment.isComplete(),
            "deployment of %s not complete: %s",
            cluster.namespace(),
            deployment.describe());
      }
      Ledger ledger = context.ledger().read();
      // after a rollback the canary must stand at 0, whatever the last traffic step before it was
      boolean rolledBack =
          ledger.rollback().filter(r -> r.claimedByARunner() && !r.dryRun()).isPresent();
      int expected = rolledBack ? 0 : ledger.canaryPercent();
      int actual = router.canaryPercent();
      report.problemIf(
          actual != expected,
          "canary weight on ingress %s is %d %%; expected %d %% (%s)",
          cluster.ingress(),
          actual,
          expected,
          rolledBack
              ? "rolled back: " + ledger.rollback().get().summary()
              : "the ledger's last traffic step");
    } catch (KubernetesClientException | ClusterException e) {
      report.problem(
          "cannot read the cluster's status in namespace %s: %s",
          cluster.namespace(), e.getMessage());
    }
    return report.judged();
  }

  /** Writes the cluster's state into the evidence; returns it as text. */
  private String snapshot(
      LineContext context,
      Cluster cluster,
      TrafficRouter router,
      DeploymentStatus stable,
      DeploymentStatus canary) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("taken_at", context.now().toString());
    snapshot.put("namespace", cluster.namespace());
    snapshot.put("deployments", List.of(stable, canary));
    snapshot.put(
        "ingress",
        Map.of(
            "name",
            cluster.ingress(),
            "annotation",
            cluster.routingAnnotation(),
            "weights",
            router.ingressWeights()));
    cluster
        .httpRoute()
        .ifPresent(
            route ->
                snapshot.put(
                    "http_route",
                    Map.of("name", route, "weights", router.httpRouteWeights(route))));
    evidence.attach(
        "kubernetes status", "application/json", JsonMappers.PRETTY.writeValueAsString(snapshot));
    String text =
        Stream.of(
                stable.describe(),
                canary.describe(),
                "ingress %s weights %s".formatted(cluster.ingress(), router.ingressWeights()),
                cluster
                    .httpRoute()
                    .map(
                        route ->
                            "httproute %s weights %s"
                                .formatted(route, router.httpRouteWeights(route)))
                    .orElse("no HTTPRoute configured"))
            .collect(Collectors.joining("\n", "", "\n"));
    evidence.attach("kubernetes status", "text/plain", text);
    return text;
  }
}
