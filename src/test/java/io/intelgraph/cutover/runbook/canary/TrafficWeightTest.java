package io.intelgraph.cutover.runbook.canary;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary's and each ramp step's weight on the ingress and HTTPRoute of fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class TrafficWeightTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  KubernetesClient client;
  @TempDir Path dir;

  LineContext context(Map<String, String> properties) {
    Environment env = new MockCluster(client).environment(properties);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        env, client, new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock), clock);
  }

  @Test
  void driveModeSetsTheCanaryWeightOnIngressAndRouteAndRecordsTheStep() {
    MockCluster cluster = new MockCluster(client).seed(0);
    LineContext context = context(Map.of());

    LineReport report = TrafficWeight.canary(context.environment()).run(context);

    assertThat(report).passed();
    Assertions.assertThat(cluster.ingressWeights())
        .containsEntry(MockCluster.CANARY, 20)
        .containsEntry(MockCluster.STABLE, 80);
    Assertions.assertThat(cluster.routeWeights()).containsEntry(MockCluster.CANARY, 20);
    Assertions.assertThat(context.ledger().read().traffic())
        .containsExactly(new TrafficStep(20, "canary", NOW));
  }

  @Test
  void observeModeOnlyVerifiesAndNamesWhoMustSetTheWeight() {
    new MockCluster(client).seed(5);
    LineContext context = context(Map.of("cutover.mode", "observe"));

    LineReport report = TrafficWeight.canary(context.environment()).run(context);

    assertThat(report)
        .failedWith(
            "OBSERVE mode: the canary's share on ingress intelgraph-maestro/intelgraph-maestro-ingress",
            "is 5 %, expected 20 %; whoever drives the cutover has not set it",
            "the canary's share on HTTPRoute intelgraph-api is 5 %, expected 20 %");
    Assertions.assertThat(context.ledger().read().traffic()).isEmpty();
  }

  @Test
  void anObservedRampStepWaitsBoundedForTheWeightAndFailsNamingTheWait() {
    new MockCluster(client).seed(20);
    LineContext context =
        context(Map.of("cutover.mode", "observe", "cutover.cadence.rollout_timeout", "1s"));

    LineReport report = TrafficWeight.rampStep(40).run(context);

    assertThat(report)
        .failedWith(
            "observe: canary at 40 % on ingress intelgraph-maestro/intelgraph-maestro-ingress did"
                + " not complete within 1 s");
    Assertions.assertThat(context.ledger().read().traffic()).isEmpty();
  }

  @Test
  void anObservedRampStepAlreadyInPlaceIsRecorded() {
    new MockCluster(client).seed(40);
    LineContext context = context(Map.of("cutover.mode", "observe"));

    assertThat(TrafficWeight.rampStep(40).run(context)).passed();
    Assertions.assertThat(context.ledger().read().traffic())
        .containsExactly(new TrafficStep(40, "ramp", NOW));
  }

  @Test
  void aMissingIngressFailsNamingItNeverThrows() {
    LineContext context = context(Map.of());

    assertThat(TrafficWeight.rampStep(60).run(context))
        .failedWith(
            "the canary's weight cannot be read or set on ingress"
                + " intelgraph-maestro/intelgraph-maestro-ingress");
  }
}
