package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;
import static io.intelgraph.cutover.runbook.closeout.DrillLineFixtures.drillsWritingUnder;
import static io.intelgraph.cutover.runbook.closeout.DrillLineFixtures.evidence;

import io.fabric8.kubernetes.api.model.Pod;
import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closeout's chaos lines against fabric8's CRUD mock with the sandbox's pod controller: they
 * act on the deployment that carries the traffic, and say which and why.
 */
class ChaosLinesTest {

  @TempDir Path dir;
  private KubernetesSandbox cluster;

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  void podDeletionAfterTheLockDeletesAPodOfTheCanaryAtFullTraffic() {
    cluster = KubernetesSandbox.withoutOidc(Duration.ofMillis(300));
    LineContext context =
        LineContexts.at(
            dir.resolve("ledger"),
            cluster.client(),
            Map.of(
                "cutover.chaos.enabled", "true",
                "cutover.chaos.timeout", "20s",
                "cutover.chaos.pod_recovery_target", "10s"));
    new TrafficRouter(cluster.client(), context.environment().cluster()).setCanaryPercent(100);
    context
        .ledger()
        .update(l -> l.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, NOW.minusSeconds(60))));
    List<String> canaryPods = pods(ClusterNames.CANARY_DEPLOYMENT);
    List<String> stablePods = pods(ClusterNames.STABLE_DEPLOYMENT);

    LineReport report = drillsWritingUnder(dir).podDeletion().run(context);

    assertThat(report).passed();
    Assertions.assertThat(evidence(report, "acted on"))
        .startsWith(
            "intelgraph-api-canary: intelgraph-api-canary, which carries 100 % of the traffic by"
                + " the live routing weights (canary 100 %); the ledger's last traffic step"
                + " (locked at 2026-12-07T09:29:00Z, the lock) set the canary to 100 %");
    String deleted = evidence(report, "figures").replaceFirst("^pod (\\S+) .*$", "$1");
    Assertions.assertThat(deleted).as("the deleted pod").isIn(canaryPods);
    Assertions.assertThat(evidence(report, "figures"))
        .contains("of intelgraph-maestro/intelgraph-api-canary deleted");
    Assertions.assertThat(pods(ClusterNames.CANARY_DEPLOYMENT)).doesNotContain(deleted);
    Assertions.assertThat(pods(ClusterNames.STABLE_DEPLOYMENT))
        .as("the idle stable deployment is left alone")
        .containsExactlyElementsOf(stablePods);
  }

  @Test
  void beforeAnyRampTheStableDeploymentServesAndIsTheTarget() {
    cluster = KubernetesSandbox.withoutOidc(Duration.ofMillis(300));
    LineContext context =
        LineContexts.at(
            dir.resolve("ledger"),
            cluster.client(),
            Map.of("cutover.chaos.enabled", "true", "cutover.chaos.timeout", "20s"));
    new TrafficRouter(cluster.client(), context.environment().cluster()).setCanaryPercent(0);

    LineReport report = drillsWritingUnder(dir).podDeletion().run(context);

    assertThat(report).passed();
    Assertions.assertThat(evidence(report, "acted on"))
        .startsWith(
            "intelgraph-api: intelgraph-api, which carries 100 % of the traffic by the live"
                + " routing weights (canary 0 %); the ledger records no traffic step");
  }

  private List<String> pods(String deployment) {
    return cluster
        .client()
        .pods()
        .inNamespace(ClusterNames.NAMESPACE)
        .withLabel("app", deployment)
        .list()
        .getItems()
        .stream()
        .map(Pod::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }
}
