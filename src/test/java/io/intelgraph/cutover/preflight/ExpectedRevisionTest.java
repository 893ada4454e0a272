package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.config.Preflight.RevisionSource;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the release declares its OPA bundle revision: the configuration, or an annotation in the
 * cluster.
 */
@EnableKubernetesMockClient(crud = true)
class ExpectedRevisionTest {

  private static final String ANNOTATION = "policy.example.com/bundle-revision";

  KubernetesClient client;

  @Test
  void aConfiguredRevisionIsTheExpectation() {
    assertThat(
            ExpectedRevision.of(preflight(Optional.of("abc123"), Optional.empty()), "ns", client))
        .contains(new ExpectedRevision("abc123", "preflight.opa_expected_revision"));
  }

  @Test
  void nothingConfiguredIsNoExpectation() {
    assertThat(ExpectedRevision.of(preflight(Optional.empty(), Optional.empty()), "ns", client))
        .isEmpty();
  }

  @Test
  void theAnnotationOfTheNamedDeploymentIsTheExpectation() {
    client
        .apps()
        .deployments()
        .inNamespace("ns")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("opa")
                .withNamespace("ns")
                .addToAnnotations(ANNOTATION, "def456")
                .endMetadata()
                .build())
        .create();

    assertThat(
            ExpectedRevision.of(
                preflight(Optional.empty(), from("Deployment", "opa")), "ns", client))
        .contains(
            new ExpectedRevision(
                "def456",
                "annotation %s of Deployment ns/opa (preflight.opa_expected_revision_from)"
                    .formatted(ANNOTATION)));
  }

  @Test
  void aConfigMapWithoutTheAnnotationIsAnErrorNamingWhatIsThere() {
    client
        .configMaps()
        .inNamespace("ns")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("policy")
                .withNamespace("ns")
                .addToAnnotations("other", "x")
                .endMetadata()
                .build())
        .create();

    assertThatThrownBy(
            () ->
                ExpectedRevision.of(
                    preflight(Optional.empty(), from("ConfigMap", "policy")), "ns", client))
        .isInstanceOf(PreflightException.class)
        .hasMessage(
            "annotation %s of ConfigMap ns/policy (preflight.opa_expected_revision_from): the annotation is absent"
                    .formatted(ANNOTATION)
                + " (annotations present: [other]); the deploy pipeline must stamp the policy bundle's revision there");
  }

  @Test
  void aMissingObjectIsAnErrorNamingIt() {
    assertThatThrownBy(
            () ->
                ExpectedRevision.of(
                    preflight(Optional.empty(), from("Deployment", "nope")), "ns", client))
        .hasMessageContaining("of Deployment ns/nope")
        .hasMessageEndingWith(
            "the Deployment does not exist; fix the name or namespace, or deploy it");
  }

  @Test
  void bothSourcesAtOnceOrAnUnknownKindAreRefused() {
    assertThatThrownBy(() -> preflight(Optional.of("abc"), from("Deployment", "opa")))
        .hasMessage(
            "name the expected OPA bundle revision once: opa_expected_revision or opa_expected_revision_from, not both");
    assertThatThrownBy(() -> from("StatefulSet", "opa"))
        .hasMessage(
            "opa_expected_revision_from.kind is 'StatefulSet'; expected one of [Deployment, ConfigMap]");
  }

  private static Optional<RevisionSource> from(String kind, String name) {
    return Optional.of(new RevisionSource(Optional.empty(), kind, name, ANNOTATION));
  }

  private static Preflight preflight(Optional<String> revision, Optional<RevisionSource> from) {
    return new Preflight(
        Optional.empty(),
        Duration.ofSeconds(300),
        Optional.empty(),
        Optional.empty(),
        Duration.ofDays(30),
        "v1/data/x",
        10,
        Duration.ofMillis(10),
        Duration.ofSeconds(5),
        new Preflight.Freeze(Optional.of("deploy-freeze"), Optional.of("frozen"), Optional.empty()),
        25,
        Duration.ofHours(24),
        Duration.ofMinutes(15),
        Duration.ofDays(30),
        revision,
        from,
        Optional.empty(),
        new Preflight.OpaGate(
            true, 20, io.intelgraph.cutover.config.Threshold.parse("<= 5%"), true));
  }
}
