package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/**
 * API discovery picks the ExternalSecret version the server serves; each test has its own mock
 * server.
 */
@EnableKubernetesMockClient(crud = true)
class ServedVersionTest {

  KubernetesClient client;

  @Test
  void fallsBackToV1beta1OnlyWhereV1IsNotServed() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("externalsecrets.external-secrets.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("external-secrets.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ExternalSecret")
                .withPlural("externalsecrets")
                .endNames()
                .addNewVersion()
                .withName("v1beta1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();

    assertThat(
            new ReadyConditions(client, "ns")
                .servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS)
                .getVersion())
        .isEqualTo("v1beta1");
  }

  @Test
  void noServedVersionIsAnErrorNamingTheVersionsTried() {
    assertThatThrownBy(
            () ->
                new ReadyConditions(client, "ns")
                    .servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "the API server serves ExternalSecret at none of [external-secrets.io/v1, external-secrets.io/v1beta1];"
                + " is the operator that defines it installed? (kubectl api-resources --api-group=external-secrets.io)");
  }
}
