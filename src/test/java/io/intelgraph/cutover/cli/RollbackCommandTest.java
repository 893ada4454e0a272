package io.intelgraph.cutover.cli;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.Verification;
import io.intelgraph.cutover.rollback.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback}: exit codes and messages, on the self-test cluster (fabric8 CRUD mock) and a
 * file ledger.
 */
@EnableKubernetesMockClient(
    crud = true,
    https = false) // plain http: the command verifies an https API server's certificate
class RollbackCommandTest {

  KubernetesClient client;
  @TempDir Path dir;
  MockCluster cluster;
  Path config;
  Path ledgerFile;

  @BeforeEach
  void canaryAtTwentyPercent() throws IOException {
    cluster = new MockCluster(client).seed(20);
    ledgerFile = dir.resolve("ledger.json");
    config = dir.resolve("selftest.yaml");
    Files.writeString(
        config,
        Files.readString(MockCluster.config())
            .replace("endpoints:\n", "endpoints:\n  kubernetes: " + client.getMasterUrl() + "\n")
            .replace("path: target/selftest-ledger.json", "path: " + ledgerFile));
  }

  FileLedgerStore ledger() {
    return new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC());
  }

  /**
   * selftest serves no Prometheus and no API: the rollback takes hold, but stable cannot be proven
   * healthy, so it is not DONE.
   */
  @Test
  void rollsBackRecordsWhoAndWhyAndExitsTwoWhileStableIsNotProvenHealthy() {
    String[] run =
        CutoverCommandTest.run(
            "rollback",
            "--config",
            config.toString(),
            "--reason",
            "5xx on checkout",
            "--by",
            "alice");

    assertThat(run[0]).as(run[2]).isEqualTo("2");
    assertThat(run[1])
        .startsWith("rollback DONE_UNHEALTHY (requested ")
        .contains(
            "by alice (by hand): 5xx on checkout)",
            "ledger: " + ledgerFile,
            "*** STABLE STILL UNHEALTHY",
            "still wrong: no judgement yet");
    assertThat(ledger().read().rollback().orElseThrow().state())
        .isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
    RollbackRecord record = ledger().read().rollback().orElseThrow();
    assertThat(record.triggeredBy()).isEqualTo("alice (by hand)");
    assertThat(record.reason()).isEqualTo("5xx on checkout");
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
  }

  /**
   * fabric8's CRUD mock answers no SelfSubjectAccessReview the way an API server does: no answer is
   * never "allowed".
   */
  @Test
  void checkChangesNothingAndExitsTwoWhenTheApiServerCannotSayTheRollbackIsAllowed() {
    String[] run = CutoverCommandTest.run("rollback", "--config", config.toString(), "--check");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("2");
    assertThat(run[1])
        .startsWith("rollback --check the rollback cannot execute")
        .contains(
            "does not allow 7 of the 7 requests",
            "can-i update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro: no answer");
    assertThat(cluster.ingressWeights())
        .as("weights after --check")
        .containsExactly(Map.entry(STABLE, 80), Map.entry(CANARY, 20));
    assertThat(ledgerFile).as("--check records nothing").doesNotExist();
  }

  @Test
  void aFailedRollbackExitsTwo() {
    client.apps().deployments().inNamespace(MockCluster.NS).withName(CANARY).delete();

    String[] run =
        CutoverCommandTest.run(
            "rollback", "--config", config.toString(), "--reason", "RED", "--by", "alice");

    assertThat(run[0]).isEqualTo("2");
    assertThat(run[1])
        .startsWith("rollback FAILED")
        .contains(
            "deployment intelgraph-maestro/intelgraph-api-canary does not exist; check cluster.canary_deployment");
  }

  @Test
  void aLiveLeaseIsRefusedWithWhoHoldsItAndUntilWhen() {
    Instant heartbeat = Instant.now();
    ledger()
        .update(
            l ->
                l.withRollback(
                    RollbackRecord.executing(
                        "api_p95 RED",
                        "GateChecks#p95",
                        RollbackLease.grant("4711@ci-7/a", heartbeat, Duration.ofHours(1)),
                        false,
                        heartbeat)));

    String[] run =
        CutoverCommandTest.run(
            "rollback", "--config", config.toString(), "--reason", "RED", "--by", "alice");

    assertThat(run[0]).isEqualTo("2");
    assertThat(run[2])
        .startsWith("rollback: refused: the rollback of release v1.0.0-GA attempt ")
        .contains(
            "is being executed by 4711@ci-7/a (last heartbeat "
                + heartbeat
                + "); its lease holds until "
                + heartbeat.plus(Duration.ofHours(1)));
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
  }

  @Test
  void aDoneRollbackExitsZeroWithoutRunningAgain() {
    Instant at = Instant.now();
    ledger()
        .update(
            l ->
                l.withRollback(
                    RollbackRecord.executing(
                            "first",
                            "alice (by hand)",
                            RollbackLease.grant("a", at, Duration.ofMinutes(1)),
                            false,
                            at)
                        .finished(
                            new Verification(true, List.of("canary weight 0 on ingress: ok"), at),
                            at)));

    String[] run =
        CutoverCommandTest.run(
            "rollback", "--config", config.toString(), "--reason", "second", "--by", "bob");

    assertThat(run[0]).isEqualTo("0");
    assertThat(run[1]).startsWith("not run again: this attempt's rollback DONE").contains("first");
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
  }

  @Test
  void aMissingOrBlankReasonIsAUsageError() {
    String[] missing = CutoverCommandTest.run("rollback", "--config", config.toString());
    String[] blank =
        CutoverCommandTest.run("rollback", "--config", config.toString(), "--reason", "  ");

    assertThat(missing[0]).isEqualTo("3");
    assertThat(missing[2])
        .contains(
            "rollback --reason is missing or blank; say why",
            "(or --check to only check the rollback could run)");
    assertThat(blank[0]).isEqualTo("3");
    assertThat(blank[2]).contains("rollback --reason is missing or blank; say why");
    assertThat(ledgerFile).doesNotExist();
  }

  @Test
  void aBadLeaseIsAConfigurationError() throws IOException {
    Files.writeString(config, Files.readString(config).replace("lease: 2s", "lease: 10ms"));

    String[] run =
        CutoverCommandTest.run("rollback", "--config", config.toString(), "--reason", "RED");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("rollback lease is PT0.01S; it must be at least PT1S");
  }
}
