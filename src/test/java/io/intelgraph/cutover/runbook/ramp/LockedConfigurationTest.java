package io.intelgraph.cutover.runbook.ramp;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.ConfiguredCommand;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Locked to production configuration" on fabric8's CRUD mock: the lock's Helm release record
 * (status, revision, values), the weights, the ledger step; the lock performed by a stand-in for
 * {@code helm upgrade} that writes the release record as Helm does, or by the configured command.
 */
@EnableKubernetesMockClient(crud = true)
class LockedConfigurationTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:30:00Z");
  static final String RELEASE = "intelgraph-maestro";

  KubernetesClient client;
  @TempDir Path dir;

  LineContext context(Map<String, String> properties) {
    Environment env = new MockCluster(client).environment(properties);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        env, client, new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock), clock);
  }

  /** Writes revision {@code version} of the release as Helm's Secret driver stores it. */
  void helmRecord(int version, String status, boolean canaryEnabled) {
    String json =
        ("{\"name\":\"%s\",\"version\":%d,\"namespace\":\"%s\",\"info\":{\"status\":\"%s\"},"
                + "\"config\":{\"ingress\":{\"traffic\":{\"canary\":{\"enabled\":%s}}}}}")
            .formatted(RELEASE, version, MockCluster.NS, status, canaryEnabled);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String helmEncoded = Base64.getEncoder().encodeToString(gzipped.toByteArray());
    client
        .secrets()
        .inNamespace(MockCluster.NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.%s.v%d".formatted(RELEASE, version))
                .withNamespace(MockCluster.NS)
                .addToLabels("owner", "helm")
                .addToLabels("name", RELEASE)
                .addToLabels("version", String.valueOf(version))
                .addToLabels("status", status)
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData(
                    "release",
                    Base64.getEncoder()
                        .encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII)))
                .build())
        .create();
  }

  /** A lock that upgrades the release to revision 2 with these values and status. */
  BiPredicate<LineContext, LineReport.Builder> upgradeTo(String status, boolean canaryEnabled) {
    return (context, report) -> {
      helmRecord(2, status, canaryEnabled);
      return true;
    };
  }

  @Test
  void aDeployedNewerReleaseWithCanaryOffAndAllTrafficOnTheCanaryIsLocked() {
    new MockCluster(client).seed(100);
    helmRecord(1, "deployed", true);
    LineContext context = context(Map.of());

    assertThat(new LockedConfiguration(upgradeTo("deployed", false)).run(context)).passed();
    Assertions.assertThat(context.ledger().read().lockedStep())
        .contains(new TrafficStep(100, TrafficStep.LOCKED, NOW));
  }

  @Test
  void valuesThatLeaveCanaryRoutingOnAreNoLock() {
    new MockCluster(client).seed(100);
    helmRecord(1, "deployed", true);
    LineContext context = context(Map.of());

    assertThat(new LockedConfiguration(upgradeTo("deployed", true)).run(context))
        .failedWith(
            "Helm release intelgraph-maestro v2 deployed (Secret"
                + " sh.helm.release.v1.intelgraph-maestro.v2) has values"
                + " ingress.traffic.canary.enabled=true, the lock sets false; canary routing is"
                + " still on in the chart");
    Assertions.assertThat(context.ledger().read().lockedStep()).isEmpty();
  }

  @Test
  void aStableGroupStillTakingTrafficIsNoLock() {
    new MockCluster(client).seed(80);
    helmRecord(1, "deployed", true);
    LineContext context = context(Map.of());

    assertThat(new LockedConfiguration(upgradeTo("deployed", false)).run(context))
        .failedWith(
            "sends 80 % to the canary intelgraph-api-canary; locked means all traffic to it",
            "still sends 20 % to intelgraph-api; locked means 0 to every other group",
            "HTTPRoute intelgraph-api sends 80 % to the canary; locked means 100");
    Assertions.assertThat(context.ledger().read().lockedStep()).isEmpty();
  }

  @Test
  void aLockThatUpgradedNothingIsNoLockEvenWhenTheStateLooksRight() {
    new MockCluster(client).seed(100);
    helmRecord(1, "deployed", false);

    assertThat(new LockedConfiguration((context, report) -> true).run(context(Map.of())))
        .failedWith(
            "Helm release intelgraph-maestro v1 deployed (Secret"
                + " sh.helm.release.v1.intelgraph-maestro.v1) is not newer than before the lock"
                + " (v1); deploy.lock_command upgraded nothing");
  }

  @Test
  void anUpgradeThatDidNotCompleteIsNoLock() {
    new MockCluster(client).seed(100);
    helmRecord(1, "deployed", true);

    assertThat(new LockedConfiguration(upgradeTo("pending-upgrade", false)).run(context(Map.of())))
        .failedWith("is 'pending-upgrade', not 'deployed'; the upgrade did not complete");
  }

  @Test
  void noReleaseRecordAtAllFailsNamingWhereItWasLookedFor() {
    new MockCluster(client).seed(100);

    assertThat(new LockedConfiguration((context, report) -> true).run(context(Map.of())))
        .failedWith(
            "Helm release intelgraph-maestro's records (Secrets"
                + " sh.helm.release.v1.intelgraph-maestro.v<N> in intelgraph-maestro): none found");
  }

  @Test
  void aFailingLockCommandFailsTheLineWithItsExitCodeAndNothingIsLocked() throws IOException {
    new MockCluster(client).seed(100);
    helmRecord(1, "deployed", true);
    Path script = dir.resolve("lock.sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho 'Error: UPGRADE FAILED: timed out waiting for the condition'\nexit 1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    LineContext context = context(Map.of("cutover.deploy.lock_command", script.toString()));

    assertThat(new LockedConfiguration().run(context))
        .failedWith(
            "lock: `" + script + "` exited 1",
            "its output says why: Error: UPGRADE FAILED: timed out waiting for the condition");
    Assertions.assertThat(context.ledger().read().lockedStep()).isEmpty();
    Assertions.assertThat(ConfiguredCommand.Run.all(context.ledger().read()))
        .singleElement()
        .satisfies(run -> Assertions.assertThat(run.subject()).isEqualTo("lock"));
  }

  @Test
  void driveModeWithoutTheLockCommandIsNotConfigured() {
    new MockCluster(client).seed(100);

    assertThat(new LockedConfiguration().run(context(Map.of())))
        .isNotConfigured("has no deploy.lock_command");
  }

  @Test
  void observeModeRunsNoCommandAndVerifiesTheReleaseSomeoneElseUpgraded() {
    new MockCluster(client).seed(100);
    helmRecord(4, "deployed", false);
    LineContext context = context(Map.of("cutover.mode", "observe"));

    assertThat(new LockedConfiguration().run(context)).passed();
    Assertions.assertThat(context.ledger().read().lockedStep()).isPresent();
  }

  @Test
  void aMissingIngressFailsNamingIt() {
    helmRecord(1, "deployed", true);

    assertThat(new LockedConfiguration(upgradeTo("deployed", false)).run(context(Map.of())))
        .failedWith("ingress intelgraph-maestro/intelgraph-maestro-ingress cannot be read");
  }
}
