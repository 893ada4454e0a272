package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.config.Cluster;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and moves the canary's share of traffic where the load balancer takes it from: the ALB
 * ingress annotation and, when the environment names one, a Gateway API HTTPRoute's backend weights.
 *
 * <pre>{@code
 * TrafficRouter router = new TrafficRouter(kubernetes, env.cluster());
 * router.setCanaryPercent(40);
 * }</pre>
 */
public final class TrafficRouter {

  static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
      .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute")
      .withPlural("httproutes").withNamespaced(true).build();

  private static final int SERVICE_PORT = 80;

  private final KubernetesClient kubernetes;
  private final Cluster cluster;

  public TrafficRouter(KubernetesClient kubernetes, Cluster cluster) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** The canary's current percentage on the ingress, as the load balancer would compute it. */
  public int canaryPercent() {
    return routing(ingress()).canaryPercent(cluster.canaryService());
  }

  /** The canary's percentage on the HTTPRoute, if the environment names one. */
  public java.util.OptionalInt httpRouteCanaryPercent() {
    if (cluster.httpRoute().isEmpty()) return java.util.OptionalInt.empty();
    GenericKubernetesResource route = httpRoute(cluster.httpRoute().get());
    int total = 0;
    int canary = 0;
    for (Map<String, Object> ref : backendRefs(route)) {
      int weight = ((Number) ref.getOrDefault("weight", 1)).intValue();
      total += weight;
      if (cluster.canaryService().equals(ref.get("name"))) canary += weight;
    }
    return java.util.OptionalInt.of(total == 0 ? 0 : (int) Math.round(100.0 * canary / total));
  }

  /** Moves the canary to {@code percent} on the ingress (and the HTTPRoute when configured). */
  public void setCanaryPercent(int percent) {
    Ingress current = ingress();
    String next = routing(current).withCanaryPercent(cluster.stableService(), cluster.canaryService(), percent).toJson();
    kubernetes.network().v1().ingresses().inNamespace(cluster.namespace()).withName(cluster.ingress())
        .edit(ingress -> {
          ingress.getMetadata().getAnnotations().put(cluster.routingAnnotation(), next);
          return ingress;
        });
    cluster.httpRoute().ifPresent(name -> setHttpRouteWeights(name, percent));
  }

  private void setHttpRouteWeights(String name, int percent) {
    GenericKubernetesResource route = httpRoute(name);
    boolean sawCanary = false;
    for (Map<String, Object> ref : backendRefs(route)) {
      Object service = ref.get("name");
      if (cluster.canaryService().equals(service)) {
        ref.put("weight", percent);
        sawCanary = true;
      } else if (cluster.stableService().equals(service)) {
        ref.put("weight", 100 - percent);
      }
    }
    if (!sawCanary) {
      throw new ClusterException("HTTPRoute %s/%s has no backendRef for %s; add it or remove `cluster.http_route`"
          .formatted(cluster.namespace(), name, cluster.canaryService()));
    }
    kubernetes.genericKubernetesResources(HTTP_ROUTE).inNamespace(cluster.namespace()).resource(route).update();
  }

  private Ingress ingress() {
    Ingress ingress = kubernetes.network().v1().ingresses().inNamespace(cluster.namespace()).withName(cluster.ingress()).get();
    if (ingress == null) {
      throw new ClusterException("ingress %s/%s not found; check `cluster.namespace` and `cluster.ingress`"
          .formatted(cluster.namespace(), cluster.ingress()));
    }
    return ingress;
  }

  private WeightedRouting routing(Ingress ingress) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(cluster.routingAnnotation());
    try {
      return WeightedRouting.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ClusterException("ingress %s/%s annotation %s: %s"
          .formatted(cluster.namespace(), cluster.ingress(), cluster.routingAnnotation(), e.getMessage()), e);
    }
  }

  private GenericKubernetesResource httpRoute(String name) {
    GenericKubernetesResource route = kubernetes.genericKubernetesResources(HTTP_ROUTE)
        .inNamespace(cluster.namespace()).withName(name).get();
    if (route == null) {
      throw new ClusterException("HTTPRoute %s/%s not found; check `cluster.http_route`".formatted(cluster.namespace(), name));
    }
    return route;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> backendRefs(GenericKubernetesResource route) {
    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    List<Map<String, Object>> rules = spec == null ? List.of() : (List<Map<String, Object>>) spec.getOrDefault("rules", List.of());
    return rules.stream()
        .flatMap(rule -> ((List<Map<String, Object>>) rule.getOrDefault("backendRefs", List.of())).stream())
        .toList();
  }
}
