package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class DeploymentFreezeTest {

  private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

  KubernetesClient client;
  @TempDir Path dir;

  @Test
  void aFreezeDeclaredTrueInItsConfigMapPassesAndIsAttested() {
    LineContext context = context(Map.of());
    declare(context, "true");

    LineReport report = DeploymentFreeze.fromProcessEnvironment().run(context);

    assertThat(report).passed();
    org.assertj.core.api.Assertions.assertThat(report.observedAt()).isEqualTo(NOW);
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations())
        .anySatisfy(
            attestation ->
                org.assertj.core.api.Assertions.assertThat(attestation.what())
                    .isEqualTo(
                        "Deployment freeze confirmed: ConfigMap intelgraph-maestro/deploy-freeze"
                            + " key frozen = true"));
  }

  @Test
  void aMissingConfigMapFailsWithTheCommandThatDeclaresTheFreeze() {
    LineReport report = DeploymentFreeze.fromProcessEnvironment().run(context(Map.of()));

    assertThat(report)
        .failedWith(
            "the ConfigMap does not exist; declare the freeze: kubectl -n intelgraph-maestro"
                + " create configmap deploy-freeze --from-literal=frozen=true");
  }

  @Test
  void anythingButTrueIsNoFreezeAndNothingIsAttested() {
    LineContext context = context(Map.of());
    declare(context, "yes");

    assertThat(DeploymentFreeze.fromProcessEnvironment().run(context))
        .failedWith("key frozen is 'yes'; the freeze is declared only by \"true\"");
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations()).isEmpty();
  }

  private LineContext context(Map<String, String> properties) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put("cutover.cluster.namespace", "intelgraph-maestro");
    Environment env = TestEnvironments.prodExample(all);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new LineContext(
        env, client, new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", clock), clock);
  }

  private void declare(LineContext context, String value) {
    client
        .configMaps()
        .inNamespace("intelgraph-maestro")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("deploy-freeze")
                .endMetadata()
                .addToData("frozen", value)
                .build())
        .create();
  }
}
