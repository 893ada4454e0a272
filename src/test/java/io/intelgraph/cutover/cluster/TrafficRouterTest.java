package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Cluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TrafficRouterTest {

  static KubernetesClient client;

  private final Cluster cluster =
      new Cluster(
          "intelgraph-maestro",
          "intelgraph-maestro-ingress",
          "weighted-routing",
          "intelgraph-api",
          "intelgraph-api-canary",
          "intelgraph-api",
          "intelgraph-api-canary",
          Optional.of("intelgraph-api"));

  @BeforeEach
  void seed() {
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace("intelgraph-maestro")
        .resource(
            new IngressBuilder()
                .withNewMetadata()
                .withName("intelgraph-maestro-ingress")
                .addToAnnotations(
                    cluster.routingAnnotation(),
                    WeightedRouting.of("intelgraph-api", "intelgraph-api-canary", 80, 0).toJson())
                .endMetadata()
                .build())
        .createOr(r -> r.update());
    GenericKubernetesResource route =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("gateway.networking.k8s.io/v1")
            .withKind("HTTPRoute")
            .withNewMetadata()
            .withName("intelgraph-api")
            .withNamespace("intelgraph-maestro")
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec",
                    Map.of(
                        "rules",
                        List.of(
                            Map.of(
                                "backendRefs",
                                List.of(
                                    Map.of("name", "intelgraph-api", "port", 80, "weight", 100),
                                    Map.of(
                                        "name",
                                        "intelgraph-api-canary",
                                        "port",
                                        80,
                                        "weight",
                                        0)))))))
            .build();
    client
        .genericKubernetesResources(TrafficRouter.HTTP_ROUTE)
        .inNamespace("intelgraph-maestro")
        .resource(route)
        .createOr(r -> r.update());
    client
        .apps()
        .deployments()
        .inNamespace("intelgraph-maestro")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("intelgraph-api-canary")
                .withGeneration(2L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(2L)
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .endStatus()
                .build())
        .createOr(r -> r.update());
  }

  @Test
  void movingTheWeightRewritesTheIngressAndTheHttpRoute() {
    TrafficRouter router = new TrafficRouter(client, cluster);

    router.setCanaryPercent(40);

    assertThat(router.canaryPercent()).isEqualTo(40);
    assertThat(router.httpRouteCanaryPercent()).hasValue(40);
    assertThat(new TrafficRouter(client, cluster).canaryPercent()).isEqualTo(40);
  }

  @Test
  void aMissingIngressIsNamed() {
    Cluster wrong =
        new Cluster(
            "intelgraph-maestro", "nope", "weighted-routing", "a", "b", "a", "b", Optional.empty());

    assertThatThrownBy(() -> new TrafficRouter(client, wrong).canaryPercent())
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "ingress intelgraph-maestro/nope not found; check `cluster.namespace` and `cluster.ingress`");
  }

  @Test
  void aRolloutIsCompleteOnlyWhenEveryReplicaIsReady() {
    Deployments deployments = new Deployments(client, "intelgraph-maestro");

    DeploymentStatus status = deployments.status("intelgraph-api-canary");

    assertThat(status.isComplete()).isFalse();
    assertThat(status.describe())
        .startsWith("intelgraph-api-canary: 2/2 updated, 1 ready, 1 available (generation ");
  }

  @Test
  void scalingChangesTheDesiredReplicas() {
    Deployments deployments = new Deployments(client, "intelgraph-maestro");

    deployments.scale("intelgraph-api-canary", 0);

    assertThat(deployments.desiredReplicas("intelgraph-api-canary")).isZero();
  }
}
