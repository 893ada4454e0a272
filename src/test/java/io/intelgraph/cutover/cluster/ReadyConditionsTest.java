package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ReadyConditionsTest {

  static KubernetesClient client;

  private static void certificate(String namespace, String name, Map<String, Object> status) {
    client
        .genericKubernetesResources(ReadyConditions.CERTIFICATES)
        .inNamespace(namespace)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("cert-manager.io/v1")
                .withKind("Certificate")
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withAdditionalProperties(Map.of("status", status))
                .build())
        .create();
  }

  @Test
  void readsEachResourcesReadyCondition() {
    certificate(
        "ns-a",
        "maestro-tls",
        Map.of(
            "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "Ready"))));
    certificate(
        "ns-a",
        "api-tls",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "False",
                    "reason",
                    "Expired",
                    "message",
                    "certificate expired"))));
    certificate("ns-a", "new-tls", Map.of());

    List<ReadyConditions.Readiness> readiness =
        new ReadyConditions(client, "ns-a").of(ReadyConditions.CERTIFICATES);

    assertThat(readiness)
        .extracting(ReadyConditions.Readiness::describe)
        .containsExactlyInAnyOrder(
            "Certificate maestro-tls: Ready=True (Ready)",
            "Certificate api-tls: Ready=False (Expired): certificate expired",
            "Certificate new-tls: Ready=Unknown (NoReadyCondition): status has no Ready condition");
    assertThat(readiness).filteredOn(ReadyConditions.Readiness::isReady).hasSize(1);
  }

  @Test
  void noResourcesAtAllIsAnErrorNotAPass() {
    assertThatThrownBy(
            () -> new ReadyConditions(client, "empty").of(ReadyConditions.EXTERNAL_SECRETS))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "no externalsecrets.external-secrets.io in namespace empty; nothing to verify means nothing is verified");
  }

  private static void crd(
      String namespaceless,
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(context.getPlural() + "." + context.getGroup() + namespaceless)
                .endMetadata()
                .withNewSpec()
                .withGroup(context.getGroup())
                .withScope("Namespaced")
                .withNewNames()
                .withKind(context.getKind())
                .withPlural(context.getPlural())
                .endNames()
                .addNewVersion()
                .withName(context.getVersion())
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
  }

  @Test
  void externalSecretsAreReadAtV1WhenTheServerServesIt() {
    crd("", ReadyConditions.EXTERNAL_SECRETS);
    assertThat(
            new ReadyConditions(client, "ns-es")
                .servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS)
                .getVersion())
        .isEqualTo("v1");
  }

  @Test
  void anExternalSecretNotReadyIsNamedWithItsReason() {
    client
        .genericKubernetesResources(ReadyConditions.EXTERNAL_SECRETS)
        .inNamespace("ns-es")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("external-secrets.io/v1")
                .withKind("ExternalSecret")
                .withNewMetadata()
                .withName("oidc-client-secret")
                .withNamespace("ns-es")
                .endMetadata()
                .withAdditionalProperties(
                    Map.of(
                        "status",
                        Map.of(
                            "conditions",
                            List.of(
                                Map.of(
                                    "type",
                                    "Ready",
                                    "status",
                                    "False",
                                    "reason",
                                    "SecretSyncedError",
                                    "message",
                                    "could not get secret data from provider")))))
                .build())
        .create();

    List<ReadyConditions.Readiness> readiness =
        new ReadyConditions(client, "ns-es").of(ReadyConditions.EXTERNAL_SECRETS);

    assertThat(readiness)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.isReady()).isFalse();
              assertThat(r.describe())
                  .isEqualTo(
                      "ExternalSecret oidc-client-secret: Ready=False (SecretSyncedError): could not get secret data from provider");
            });
  }
}
