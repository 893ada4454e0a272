package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.EnvironmentLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster of {@code selftest.yaml} on fabric8's CRUD mock: the two deployments, the ALB ingress
 * and the HTTPRoute, mid-canary (stable 80, canary 20). Shared by the rollback and JUnit wiring
 * tests.
 */
public final class MockCluster {

  public static final String NS = "intelgraph-maestro";
  public static final String INGRESS = "intelgraph-maestro-ingress";
  public static final String ANNOTATION = "alb.ingress.kubernetes.io/actions.weighted-routing";
  public static final String STABLE = "intelgraph-api";
  public static final String CANARY = "intelgraph-api-canary";

  private final KubernetesClient client;

  public MockCluster(KubernetesClient client) {
    this.client = client;
  }

  /** The test environment's configuration file. */
  public static Path config() {
    return Path.of("src/test/resources/selftest.yaml").toAbsolutePath();
  }

  /** Loads {@code selftest.yaml} pointed at this mock, with extra {@code cutover.*} properties. */
  public Environment environment(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    all.put("cutover.config", config().toString());
    all.put("cutover.endpoints.kubernetes", client.getMasterUrl().toString());
    return new EnvironmentLoader(all, Map.of(), Path.of("").toAbsolutePath()).load();
  }

  /** Seeds the canary at the given weight. */
  public MockCluster seed(int canaryWeight) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .createOr(r -> r.update());
    deployment(STABLE, 3);
    deployment(CANARY, 1);
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NS)
        .resource(
            new IngressBuilder()
                .withNewMetadata()
                .withName(INGRESS)
                .withNamespace(NS)
                .addToAnnotations(ANNOTATION, annotation(100 - canaryWeight, canaryWeight))
                .addToAnnotations("alb.ingress.kubernetes.io/scheme", "internet-facing")
                .endMetadata()
                .build())
        .createOr(r -> r.update());
    GenericKubernetesResource route =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("gateway.networking.k8s.io/v1")
            .withKind("HTTPRoute")
            .withNewMetadata()
            .withName(STABLE)
            .withNamespace(NS)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of(
                    "rules",
                    List.of(
                        Map.of(
                            "backendRefs",
                            List.of(
                                Map.of("name", STABLE, "port", 80, "weight", 100 - canaryWeight),
                                Map.of("name", CANARY, "port", 80, "weight", canaryWeight))))))
            .build();
    client
        .genericKubernetesResources(io.intelgraph.cutover.cluster.TrafficRouter.HTTP_ROUTE)
        .inNamespace(NS)
        .resource(route)
        .createOr(r -> r.update());
    return this;
  }

  public static String annotation(int stable, int canary) {
    return ("{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":["
            + "{\"serviceName\":\"%s\",\"servicePort\":80,\"weight\":%d},"
            + "{\"serviceName\":\"%s\",\"servicePort\":80,\"weight\":%d}],"
            + "\"targetGroupStickinessConfig\":{\"enabled\":false}}}")
        .formatted(STABLE, stable, CANARY, canary);
  }

  private void deployment(String name, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("api")
                .withImage("intelgraph/api:" + name)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .createOr(r -> r.update());
  }

  /**
   * The ALB weights now on the ingress, e.g. {@code {intelgraph-api=100, intelgraph-api-canary=0}}.
   */
  public Map<String, Integer> ingressWeights() {
    String annotation =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(NS)
            .withName(INGRESS)
            .get()
            .getMetadata()
            .getAnnotations()
            .get(ANNOTATION);
    return io.intelgraph.cutover.cluster.WeightedRouting.parse(annotation).weights();
  }

  /** The HTTPRoute's backendRef weights now. */
  public Map<String, Integer> routeWeights() {
    return new io.intelgraph.cutover.cluster.TrafficRouter(
            client,
            new io.intelgraph.cutover.config.Cluster(
                NS,
                INGRESS,
                "weighted-routing",
                STABLE,
                CANARY,
                STABLE,
                CANARY,
                java.util.Optional.of(STABLE)))
        .httpRouteWeights(STABLE);
  }

  public int replicas(String deployment) {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(deployment)
        .get()
        .getSpec()
        .getReplicas();
  }

  public String rawAnnotation() {
    return client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NS)
        .withName(INGRESS)
        .get()
        .getMetadata()
        .getAnnotations()
        .get(ANNOTATION);
  }
}
