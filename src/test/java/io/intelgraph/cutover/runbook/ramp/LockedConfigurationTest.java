package io.intelgraph.cutover.runbook.ramp;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Locked to production configuration" on fabric8's CRUD mock: weights, annotation, ledger. */
@EnableKubernetesMockClient(crud = true)
class LockedConfigurationTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:30:00Z");

  KubernetesClient client;
  @TempDir Path dir;

  LineContext context(Map<String, String> properties) {
    Environment env = new MockCluster(client).environment(properties);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        env, client, new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock), clock);
  }

  String lock() {
    return client
        .network()
        .v1()
        .ingresses()
        .inNamespace(MockCluster.NS)
        .withName(MockCluster.INGRESS)
        .get()
        .getMetadata()
        .getAnnotations()
        .get(LockedConfiguration.LOCK_ANNOTATION);
  }

  @Test
  void driveModeLocksAllTrafficOnTheCanaryAndRecordsTheLockedStep() {
    new MockCluster(client).seed(100);
    LineContext context = context(Map.of());

    assertThat(new LockedConfiguration().run(context)).passed();
    Assertions.assertThat(lock()).isEqualTo("true");
    Assertions.assertThat(context.ledger().read().lockedStep())
        .contains(new TrafficStep(100, TrafficStep.LOCKED, NOW));
  }

  @Test
  void aStableGroupStillTakingTrafficIsNoLockAndNothingIsAnnotated() {
    new MockCluster(client).seed(80);
    LineContext context = context(Map.of());

    assertThat(new LockedConfiguration().run(context))
        .failedWith(
            "sends 80 % to the canary intelgraph-api-canary; locked means all traffic to it",
            "still sends 20 % to intelgraph-api; locked means 0 to every other group",
            "HTTPRoute intelgraph-api sends 80 % to the canary; locked means 100",
            "must carry maestro.intelgraph.ai/locked=true");
    Assertions.assertThat(lock()).isNull();
    Assertions.assertThat(context.ledger().read().lockedStep()).isEmpty();
  }

  @Test
  void observeModeRequiresTheAnnotationFromWhoeverDrives() {
    new MockCluster(client).seed(100);
    LineContext context = context(Map.of("cutover.mode", "observe"));

    assertThat(new LockedConfiguration().run(context))
        .failedWith(
            "must carry maestro.intelgraph.ai/locked=true once the configuration is locked (OBSERVE"
                + " mode), it has 'null'; whoever drives the cutover sets it");
  }

  @Test
  void aMissingIngressFailsNamingIt() {
    assertThat(new LockedConfiguration().run(context(Map.of())))
        .failedWith("ingress intelgraph-maestro/intelgraph-maestro-ingress cannot be read");
  }
}
