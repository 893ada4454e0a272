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
    client.genericKubernetesResources(ReadyConditions.CERTIFICATES).inNamespace(namespace).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("cert-manager.io/v1").withKind("Certificate")
            .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .withAdditionalProperties(Map.of("status", status)).build()).create();
  }

  @Test
  void readsEachResourcesReadyCondition() {
    certificate("ns-a", "maestro-tls", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "Ready"))));
    certificate("ns-a", "api-tls", Map.of("conditions", List.of(
        Map.of("type", "Ready", "status", "False", "reason", "Expired", "message", "certificate expired"))));
    certificate("ns-a", "new-tls", Map.of());

    List<ReadyConditions.Readiness> readiness = new ReadyConditions(client, "ns-a").of(ReadyConditions.CERTIFICATES);

    assertThat(readiness).extracting(ReadyConditions.Readiness::describe).containsExactlyInAnyOrder(
        "Certificate maestro-tls: Ready=True (Ready)",
        "Certificate api-tls: Ready=False (Expired): certificate expired",
        "Certificate new-tls: Ready=Unknown (NoReadyCondition): status has no Ready condition");
    assertThat(readiness).filteredOn(ReadyConditions.Readiness::isReady).hasSize(1);
  }

  @Test
  void noResourcesAtAllIsAnErrorNotAPass() {
    assertThatThrownBy(() -> new ReadyConditions(client, "empty").of(ReadyConditions.EXTERNAL_SECRETS))
        .isInstanceOf(ClusterException.class)
        .hasMessage("no externalsecrets.external-secrets.io in namespace empty; nothing to verify means nothing is verified");
  }
}
