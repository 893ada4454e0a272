package io.intelgraph.cutover.rollback;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.RollbackTakeover;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback survives its runner: a JVM claims the rollback and dies before its first action; the
 * {@code rollback} command (the built jar, in its own JVM) refuses while the dead runner's lease is
 * live, then takes the rollback over once it expires and completes it, and the ledger says DONE.
 * Cluster: a standalone fabric8 CRUD mock server; ledger: a file both JVMs share.
 */
class RollbackTakeoverIT {

  static final String LEASE = "15s";
  static final Path JAR = Path.of("target/maestro-cutover.jar").toAbsolutePath();

  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  MockCluster cluster;
  Path ledgerFile;

  @BeforeEach
  void clusterMidCanary() throws IOException {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer")
        .setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    cluster = new MockCluster(client).seed(20);
    ledgerFile = dir.resolve("cutover-ledger.json");
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  record Exit(int code, String output) {}

  private Exit java(List<String> arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcutover.config=" + MockCluster.config(),
                "-Dcutover.endpoints.kubernetes=" + client.getMasterUrl(),
                "-Dcutover.ledger.path=" + ledgerFile,
                "-Dcutover.rollback.lease=" + LEASE));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes(); // ends when the process does
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", arguments).isTrue();
    return new Exit(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private Exit rollbackCommand(String... extra) throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-jar",
                JAR.toString(),
                "rollback",
                "--config",
                MockCluster.config().toString(),
                "--reason",
                "runner died mid-rollback",
                "--by",
                "release-engineer"));
    arguments.addAll(List.of(extra));
    return java(arguments);
  }

  @Test
  void aRollbackWhoseRunnerWasKilledIsCompletedByTheRollbackCommandOnceItsLeaseExpires()
      throws Exception {
    assertThat(JAR).as("the jar is built by `mvn package`, before failsafe runs").exists();

    Exit dying =
        java(
            List.of("-cp", System.getProperty("java.class.path"), DyingRunnerMain.class.getName()));

    assertThat(dying.code()).as(dying.output()).isEqualTo(DyingRunnerMain.HALTED);
    assertThat(dying.output()).contains(DyingRunnerMain.SIGNAL);
    FileLedgerStore ledger = new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC());
    RollbackRecord abandoned = ledger.read().rollback().orElseThrow();
    assertThat(abandoned.state()).isEqualTo(RollbackRecord.State.EXECUTING);
    assertThat(abandoned.claim()).startsWith("dying-runner/");
    assertThat(abandoned.actions()).isEmpty();
    assertThat(cluster.ingressWeights())
        .as("the dead runner moved no traffic")
        .containsEntry(CANARY, 20);

    Exit refused = rollbackCommand();

    assertThat(refused.code()).as(refused.output()).isEqualTo(2);
    assertThat(refused.output())
        .contains(
            "rollback: refused: the rollback of release v1.0.0-GA attempt ",
            "is being executed by " + abandoned.claim(),
            "its lease holds until " + abandoned.lease().orElseThrow().expiresAt());
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);

    Exit completed = rollbackCommand("--wait", "60s");

    // selftest serves nothing, so the rollback took hold but stable is never proven healthy: exit
    // 2, DONE_UNHEALTHY
    assertThat(completed.code()).as(completed.output()).isEqualTo(2);
    assertThat(completed.output())
        .contains(
            "rollback DONE_UNHEALTHY",
            "traffic DONE",
            "scale DONE",
            "verification passed",
            "STABLE STILL UNHEALTHY");
    RollbackRecord done = ledger.read().rollback().orElseThrow();
    assertThat(done.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
    assertThat(done.reason()).isEqualTo("error_ratio_5xx RED: 2 consecutive breaches");
    RollbackTakeover takeover = done.takeovers().get(0);
    assertThat(takeover.previousClaim()).isEqualTo(abandoned.claim());
    assertThat(takeover.by()).isEqualTo("release-engineer");
    assertThat(takeover.why())
        .isEqualTo(
            "the lease of %s expired at %s; taken over by hand: runner died mid-rollback"
                .formatted(abandoned.claim(), abandoned.lease().orElseThrow().expiresAt()));
    assertThat(takeover.at()).isAfterOrEqualTo(abandoned.lease().orElseThrow().expiresAt());
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.routeWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.replicas(CANARY)).isZero();
  }
}
