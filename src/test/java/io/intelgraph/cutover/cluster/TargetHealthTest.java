package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each test gets a fresh CRUD mock server (instance field). */
@EnableKubernetesMockClient(crud = true)
class TargetHealthTest {

  private static final String NS = "intelgraph-maestro";
  KubernetesClient client;

  @Test
  void healthyWhenBothServicesHaveReadyEndpointsAndTheIngressAnAddress() {
    ingress("k8s-intelgra-1234.us-east-1.elb.amazonaws.com");
    slice("intelgraph-api", true, true, true);
    slice("intelgraph-api-canary", true);

    TargetHealth.Report report = health();

    assertThat(report.problems()).isEmpty();
    assertThat(report.describe())
        .contains(
            "Service intelgraph-api: 3 of 3 endpoints ready in 1 EndpointSlice(s)",
            "address [k8s-intelgra-1234.us-east-1.elb.amazonaws.com]");
  }

  @Test
  void aServiceWithoutReadyEndpointsFailsNamingIt() {
    ingress("10.1.2.3");
    slice("intelgraph-api", true);
    slice("intelgraph-api-canary", false, false);

    assertThat(health().problems())
        .containsExactly(
            "Service intelgraph-maestro/intelgraph-api-canary has no ready endpoint (2 endpoints in 1 slices, none ready): its target group has no healthy target");
  }

  @Test
  void aServiceWithoutAnyEndpointSliceFailsNamingTheLabel() {
    ingress("10.1.2.3");
    slice("intelgraph-api", true);

    assertThat(health().problems())
        .containsExactly(
            "Service intelgraph-maestro/intelgraph-api-canary has no ready endpoint"
                + " (no EndpointSlice labelled kubernetes.io/service-name=intelgraph-api-canary): its target group has no healthy target");
  }

  @Test
  void anIngressWithoutLoadBalancerAddressFails() {
    ingress(null);
    slice("intelgraph-api", true);
    slice("intelgraph-api-canary", true);

    assertThat(health().problems())
        .containsExactly(
            "ingress intelgraph-maestro/intelgraph-maestro-ingress has no address in"
                + " status.loadBalancer.ingress: the load balancer controller has not provisioned it");
  }

  @Test
  void aMissingIngressIsAnErrorNamingTheKeys() {
    assertThatThrownBy(this::health)
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "ingress intelgraph-maestro/intelgraph-maestro-ingress not found; check `cluster.namespace` and `cluster.ingress`");
  }

  private TargetHealth.Report health() {
    return new TargetHealth(client, NS)
        .of("intelgraph-maestro-ingress", List.of("intelgraph-api", "intelgraph-api-canary"));
  }

  private void ingress(String address) {
    Ingress created =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(NS)
            .resource(
                new IngressBuilder()
                    .withNewMetadata()
                    .withName("intelgraph-maestro-ingress")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .endSpec()
                    .build())
            .create();
    if (address != null) {
      boolean ip = Character.isDigit(address.charAt(0));
      created.setStatus(
          new IngressStatusBuilder()
              .withNewLoadBalancer()
              .addNewIngress()
              .withIp(ip ? address : null)
              .withHostname(ip ? null : address)
              .endIngress()
              .endLoadBalancer()
              .build());
      client.network().v1().ingresses().inNamespace(NS).resource(created).updateStatus();
    }
  }

  private void slice(String service, Boolean... ready) {
    EndpointSliceBuilder slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(service + "-abcde")
            .withNamespace(NS)
            .addToLabels(TargetHealth.SERVICE_NAME_LABEL, service)
            .endMetadata()
            .withAddressType("IPv4");
    for (int i = 0; i < ready.length; i++) {
      slice.addToEndpoints(
          new EndpointBuilder()
              .withAddresses("10.0.0." + (i + 1))
              .withNewConditions()
              .withReady(ready[i])
              .endConditions()
              .build());
    }
    client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice.build()).create();
  }
}
