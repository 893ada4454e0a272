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

  /** Observe mode: the deploy is someone else's, the line verifies what it produced. */
  LineContext context() {
    return context(Map.of("cutover.mode", "observe"));
  }

  LineContext context(Map<String, String> properties) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put("cutover.cadence.rollout_timeout", "1s");
    return new LineContext(
        new MockCluster(client).environment(all),
        client,
        new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock),
        clock);
  }

  void canaryStatus(int ready, String reason) {
    canaryStatus(ready, reason, "v1.0.0-GA");
  }

  /** The canary with a rollout status and its pod template labelled with {@code version}. */
  void canaryStatus(int ready, String reason, String version) {
    new MockCluster(client).seed(0);
    Deployment canary =
        client.apps().deployments().inNamespace(MockCluster.NS).withName(MockCluster.CANARY).get();
    if (version != null) {
      canary =
          client
              .apps()
              .deployments()
              .inNamespace(MockCluster.NS)
              .resource(
                  new DeploymentBuilder(canary)
                      .editSpec()
                      .editTemplate()
                      .editOrNewMetadata()
                      .addToLabels("app.kubernetes.io/version", version)
                      .endMetadata()
                      .endTemplate()
                      .endSpec()
                      .build())
              .update();
    }
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

  Path script(String body) throws java.io.IOException {
    Path script = dir.resolve("deploy-canary.sh");
    java.nio.file.Files.writeString(script, "#!/bin/sh\n" + body);
    java.nio.file.Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aRolloutOfAnotherReleaseFailsNamingTheVersionItRuns() {
    canaryStatus(1, null, "v0.9.3");

    assertThat(new CanaryRollout().run(context()))
        .failedWith(
            "deployment intelgraph-maestro/intelgraph-api-canary runs"
                + " app.kubernetes.io/version=v0.9.3, not release v1.0.0-GA; the deploy did not roll"
                + " out this release");
  }

  @Test
  void aDeployCommandThatChangedNothingFails() throws Exception {
    canaryStatus(1, null, null);
    Path script = script("echo 'deployed (not really)'\n");

    LineContext context = context(Map.of("cutover.deploy.canary_command", script.toString()));
    assertThat(new CanaryRollout().run(context))
        .failedWith("runs app.kubernetes.io/version=(absent), not release v1.0.0-GA");
    org.assertj.core.api.Assertions.assertThat(
            io.intelgraph.cutover.runbook.ConfiguredCommand.Run.all(context.ledger().read()))
        .singleElement()
        .satisfies(run -> org.assertj.core.api.Assertions.assertThat(run.ok()).isTrue());
  }

  @Test
  void aFailedDeployCommandFailsBeforeTheRolloutIsAwaited() throws Exception {
    canaryStatus(1, null);
    Path script = script("echo 'Error: ImagePullBackOff' >&2\nexit 1\n");

    assertThat(
            new CanaryRollout()
                .run(context(Map.of("cutover.deploy.canary_command", script.toString()))))
        .failedWith(
            "canary deploy: `" + script + "` exited 1",
            "its output says why: Error: ImagePullBackOff");
  }

  @Test
  void driveModeWithoutTheDeployCommandIsNotConfigured() {
    canaryStatus(1, null);

    assertThat(new CanaryRollout().run(context(Map.of())))
        .isNotConfigured("has no deploy.canary_command");
  }
}
