package io.intelgraph.cutover.rollback;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class RollbackTest {

  KubernetesClient client;
  @TempDir Path dir;
  MockCluster cluster;
  LedgerStore ledger;

  @BeforeEach
  void canaryAtTwentyPercent() {
    cluster = new MockCluster(client).seed(20);
    ledger = new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", Clock.systemUTC());
  }

  private Rollback rollback(Map<String, String> properties, List<RollbackCheck> checks) {
    Environment env = cluster.environment(properties);
    return new Rollback(ledger, RollbackPlan.of(env, client, checks), env.name(), env.rollback().dryRun(), "test-runner", env.rollback().lease(), Clock.systemUTC());
  }

  @Test
  void redSendsAllTrafficToStableScalesTheCanaryToZeroAndVerifies() {
    RollbackOutcome outcome = rollback(Map.of(), List.of(() -> "5xx ratio 0.1% and falling")).trigger("api_p95 RED", "GateChecks#p95");

    assertThat(outcome.executedHere()).isTrue();
    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(cluster.ingressWeights()).containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.rawAnnotation()).contains("\"servicePort\":80", "\"targetGroupStickinessConfig\":{\"enabled\":false}");
    assertThat(cluster.routeWeights()).containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(cluster.replicas(STABLE)).isEqualTo(3);
    assertThat(outcome.record().actions()).extracting(ActionResult::action).containsExactly("traffic", "traffic-httproute", "scale");
    assertThat(outcome.record().actions().get(0).detail())
        .isEqualTo("weights were {intelgraph-api=80, intelgraph-api-canary=20}, now {intelgraph-api=100, intelgraph-api-canary=0}");
    assertThat(outcome.record().verification()).get().satisfies(v -> {
      assertThat(v.passed()).isTrue();
      assertThat(v.checks()).contains("check 1: ok, 5xx ratio 0.1% and falling");
    });
    assertThat(ledger.read().rollback()).contains(outcome.record());
  }

  @Test
  void twoRunnersRacingGiveOneRollback() throws Exception {
    var first = CompletableFuture.supplyAsync(() -> rollback(Map.of(), List.of()).trigger("RED from runner A", "A"));
    var second = CompletableFuture.supplyAsync(() -> rollback(Map.of(), List.of()).trigger("RED from runner B", "B"));
    List<RollbackOutcome> outcomes = List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

    assertThat(outcomes).filteredOn(RollbackOutcome::executedHere).hasSize(1);
    RollbackOutcome loser = outcomes.stream().filter(o -> !o.executedHere()).findFirst().orElseThrow();
    assertThat(loser.describe()).startsWith("not run again: this attempt's rollback ");
    assertThat(ledger.read().rollback()).get().extracting(RollbackRecord::state).isEqualTo(RollbackRecord.State.DONE);
  }

  @Test
  void aDryRunRecordsThePlanAndTouchesNothing() {
    RollbackOutcome outcome = rollback(Map.of("cutover.rollback.dry_run", "true"), List.of()).trigger("RED", "test");

    assertThat(outcome.record().dryRun()).isTrue();
    assertThat(outcome.record().actions()).extracting(ActionResult::status).containsOnly(ActionResult.Status.DRY_RUN);
    assertThat(outcome.record().actions().get(0).description())
        .isEqualTo("ingress intelgraph-maestro/intelgraph-maestro-ingress annotation alb.ingress.kubernetes.io/actions.weighted-routing: intelgraph-api weight 100, intelgraph-api-canary weight 0");
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
  }

  @Test
  void aFailingScriptFailsTheRollbackWithItsExitCodeAndOutput() throws Exception {
    Path script = dir.resolve("emergency-rollback.sh");
    Files.writeString(script, "#!/bin/sh\necho \"rolling back $1 for $CUTOVER_RELEASE_TAG\"\necho 'helm: release not found' >&2\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    RollbackOutcome outcome = rollback(Map.of("cutover.rollback.script", script + " full"), List.of()).trigger("RED", "test");

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    ActionResult failed = outcome.record().actions().get(3);
    assertThat(failed.status()).isEqualTo(ActionResult.Status.FAILED);
    assertThat(failed.detail()).isEqualTo("rollback script `%s full` exited 3; output:%nrolling back full for v1.0.0-GA%nhelm: release not found"
        .formatted(script));
    assertThat(outcome.describe()).contains("script FAILED", "exited 3");
  }

  @Test
  void aMissingStableTargetGroupFailsTrafficAndSkipsScalingTheCanary() {
    client.network().v1().ingresses().inNamespace(MockCluster.NS).withName(MockCluster.INGRESS).edit(i -> {
      i.getMetadata().getAnnotations().put(MockCluster.ANNOTATION,
          "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"other\",\"servicePort\":80,\"weight\":100}]}}");
      return i;
    });

    RollbackOutcome outcome = rollback(Map.of(), List.of()).trigger("RED", "test");

    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(outcome.record().actions().get(0).detail()).startsWith(
        "ingress intelgraph-maestro/intelgraph-maestro-ingress annotation alb.ingress.kubernetes.io/actions.weighted-routing: the weighted-routing annotation has no target group for the stable service 'intelgraph-api' (it has {other=100})");
    assertThat(outcome.record().actions().get(2)).extracting(ActionResult::status).isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
  }

  @Test
  void aFailingExtraCheckFailsTheVerification() {
    RollbackOutcome outcome = rollback(Map.of(), List.of(() -> {
      throw new IllegalStateException("5xx ratio still 4.2%");
    })).trigger("RED", "test");

    assertThat(outcome.record().state()).isEqualTo(RollbackRecord.State.FAILED);
    assertThat(outcome.record().verification()).get().extracting(v -> v.checks()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains("check 1: FAILED, 5xx ratio still 4.2%");
  }
}
