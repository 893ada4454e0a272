package io.intelgraph.cutover.runbook.canary;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "kubectl rollout status" on the canary deployment of fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class CanaryRolloutTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  KubernetesClient client;
  @TempDir Path dir;

  LineContext context() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        new MockCluster(client).environment(Map.of("cutover.cadence.rollout_timeout", "1s")),
        client,
        new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock),
        clock);
  }

  void canaryStatus(int ready, String reason) {
    new MockCluster(client).seed(0);
    Deployment canary =
        client.apps().deployments().inNamespace(MockCluster.NS).withName(MockCluster.CANARY).get();
    Deployment withStatus =
        new DeploymentBuilder(canary)
            .withNewStatus()
            .withObservedGeneration(canary.getMetadata().getGeneration())
            .withReplicas(1)
            .withUpdatedReplicas(ready)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .addNewCondition()
            .withType("Progressing")
            .withStatus(reason == null ? "True" : "False")
            .withReason(reason == null ? "NewReplicaSetAvailable" : reason)
            .withMessage("ReplicaSet intelgraph-api-canary-7d9 has timed out progressing")
            .endCondition()
            .endStatus()
            .build();
    client.apps().deployments().inNamespace(MockCluster.NS).resource(withStatus).updateStatus();
  }

  @Test
  void aCompleteRolloutPassesWithItsStatusAsEvidence() {
    canaryStatus(1, null);

    assertThat(new CanaryRollout().run(context())).passed();
  }

  @Test
  void aRolloutPastItsProgressDeadlineFailsAtOnceNamingTheDeployment() {
    canaryStatus(0, "ProgressDeadlineExceeded");

    assertThat(new CanaryRollout().run(context()))
        .failedWith(
            "deployment intelgraph-maestro/intelgraph-api-canary: rollout status"
                + " deployment/intelgraph-api-canary failed: rollout exceeded its progress deadline");
  }

  @Test
  void aRolloutThatDoesNotCompleteInTimeFailsWithItsLastStatus() {
    canaryStatus(0, null);

    assertThat(new CanaryRollout().run(context()))
        .failedWith("did not complete within 1 s; last status: intelgraph-api-canary: 0/1 updated");
  }
}
