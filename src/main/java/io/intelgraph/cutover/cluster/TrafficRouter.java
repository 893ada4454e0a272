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
 * ingress annotation and, when the environment names one, a Gateway API HTTPRoute's backend
 * weights.
 *
 * <pre>{@code
 * TrafficRouter router = new TrafficRouter(kubernetes, env.cluster());
 * router.setCanaryPercent(40);
 * }</pre>
 */
public final class TrafficRouter {

  public static final ResourceDefinitionContext HTTP_ROUTE =
      new ResourceDefinitionContext.Builder()
          .withGroup("gateway.networking.k8s.io")
          .withVersion("v1")
          .withKind("HTTPRoute")
          .withPlural("httproutes")
          .withNamespaced(true)
          .build();

  private static final int SERVICE_PORT = 80;

  private final KubernetesClient kubernetes;
  private final Cluster cluster;

  public TrafficRouter(KubernetesClient kubernetes, Cluster cluster) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * Every request moving traffic makes ({@link #setCanaryPercent}, {@link #ingressAllToStable},
   * {@link #httpRouteAllToStable}): the ingress, and the HTTPRoute when configured; for a
   * pre-flight {@code can-i}.
   */
  public List<AccessRequest> requests() {
    List<AccessRequest> all = new java.util.ArrayList<>(ingressRequests());
    cluster.httpRoute().ifPresent(route -> all.addAll(httpRouteRequests(route)));
    return List.copyOf(all);
  }

  /**
   * What moving the ingress's weights sends: read it, then patch its annotation (fabric8's {@code
   * edit} is a JSON patch).
   */
  public List<AccessRequest> ingressRequests() {
    return List.of(
        AccessRequest.on(
            "get", "networking.k8s.io", "ingresses", cluster.namespace(), cluster.ingress()),
        AccessRequest.on(
            "patch", "networking.k8s.io", "ingresses", cluster.namespace(), cluster.ingress()));
  }

  /** What moving an HTTPRoute's weights sends: read it, then replace it (PUT). */
  public List<AccessRequest> httpRouteRequests(String name) {
    return List.of(
        AccessRequest.on(
            "get", HTTP_ROUTE.getGroup(), HTTP_ROUTE.getPlural(), cluster.namespace(), name),
        AccessRequest.on(
            "update", HTTP_ROUTE.getGroup(), HTTP_ROUTE.getPlural(), cluster.namespace(), name));
  }

  /** The canary's current percentage on the ingress, as the load balancer would compute it. */
  public int canaryPercent() {
    return routing(ingress()).canaryPercent(cluster.canaryService());
  }

  /** The canary's percentage on the HTTPRoute, if the environment names one. */
  public java.util.OptionalInt httpRouteCanaryPercent() {
    if (cluster.httpRoute().isEmpty()) return java.util.OptionalInt.empty();
    Map<String, Integer> weights = httpRouteWeights(cluster.httpRoute().get());
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int canary = weights.getOrDefault(cluster.canaryService(), 0);
    return java.util.OptionalInt.of(total == 0 ? 0 : (int) Math.round(100.0 * canary / total));
  }

  /**
   * The ingress's weights by service, e.g. {@code {intelgraph-api=100, intelgraph-api-canary=0}}.
   */
  public Map<String, Integer> ingressWeights() {
    return routing(ingress()).weights();
  }

  /**
   * The HTTPRoute's backendRef weights by service (an absent weight counts 1, as the Gateway API
   * says).
   */
  public Map<String, Integer> httpRouteWeights(String name) {
    Map<String, Integer> weights = new java.util.LinkedHashMap<>();
    backendRefs(httpRoute(name))
        .forEach(
            ref ->
                weights.merge(
                    String.valueOf(ref.get("name")),
                    ref.get("weight") instanceof Number n ? n.intValue() : 1,
                    Integer::sum));
    return weights;
  }

  /** Sends all ingress traffic to the stable service, every other group to 0; says what changed. */
  public String ingressAllToStable() {
    Map<String, Integer> before = ingressWeights();
    String next;
    try {
      next = routing(ingress()).allTo(cluster.stableService()).toJson();
    } catch (IllegalArgumentException e) {
      throw new ClusterException(
          "ingress %s/%s annotation %s: %s; fix the annotation or `cluster.stable_service`"
              .formatted(
                  cluster.namespace(),
                  cluster.ingress(),
                  cluster.routingAnnotation(),
                  e.getMessage()),
          e);
    }
    writeAnnotation(next);
    return "weights were %s, now %s".formatted(before, ingressWeights());
  }

  /** Sends all of the HTTPRoute's traffic to the stable service; says what changed. */
  public String httpRouteAllToStable(String name) {
    Map<String, Integer> before = httpRouteWeights(name);
    if (!before.containsKey(cluster.stableService())) {
      throw new ClusterException(
          "HTTPRoute %s/%s has no backendRef for the stable service '%s' (it has %s); fix the route or `cluster.stable_service`"
              .formatted(cluster.namespace(), name, cluster.stableService(), before));
    }
    GenericKubernetesResource route = httpRoute(name);
    backendRefs(route)
        .forEach(
            ref -> ref.put("weight", cluster.stableService().equals(ref.get("name")) ? 100 : 0));
    kubernetes
        .genericKubernetesResources(HTTP_ROUTE)
        .inNamespace(cluster.namespace())
        .resource(route)
        .update();
    return "weights were %s, now %s".formatted(before, httpRouteWeights(name));
  }

  /** Moves the canary to {@code percent} on the ingress (and the HTTPRoute when configured). */
  public void setCanaryPercent(int percent) {
    WeightedRouting next;
    try {
      next =
          routing(ingress())
              .withCanaryPercent(cluster.stableService(), cluster.canaryService(), percent);
    } catch (IllegalArgumentException e) {
      throw new ClusterException(
          "ingress %s/%s annotation %s: %s"
              .formatted(
                  cluster.namespace(),
                  cluster.ingress(),
                  cluster.routingAnnotation(),
                  e.getMessage()),
          e);
    }
    writeAnnotation(next.toJson());
    cluster.httpRoute().ifPresent(name -> setHttpRouteWeights(name, percent));
  }

  private void writeAnnotation(String value) {
    kubernetes
        .network()
        .v1()
        .ingresses()
        .inNamespace(cluster.namespace())
        .withName(cluster.ingress())
        .edit(
            ingress -> {
              ingress.getMetadata().getAnnotations().put(cluster.routingAnnotation(), value);
              return ingress;
            });
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
      throw new ClusterException(
          "HTTPRoute %s/%s has no backendRef for %s; add it or remove `cluster.http_route`"
              .formatted(cluster.namespace(), name, cluster.canaryService()));
    }
    kubernetes
        .genericKubernetesResources(HTTP_ROUTE)
        .inNamespace(cluster.namespace())
        .resource(route)
        .update();
  }

  private Ingress ingress() {
    Ingress ingress =
        kubernetes
            .network()
            .v1()
            .ingresses()
            .inNamespace(cluster.namespace())
            .withName(cluster.ingress())
            .get();
    if (ingress == null) {
      throw new ClusterException(
          "ingress %s/%s not found; check `cluster.namespace` and `cluster.ingress`"
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
      throw new ClusterException(
          "ingress %s/%s annotation %s: %s"
              .formatted(
                  cluster.namespace(),
                  cluster.ingress(),
                  cluster.routingAnnotation(),
                  e.getMessage()),
          e);
    }
  }

  private GenericKubernetesResource httpRoute(String name) {
    GenericKubernetesResource route =
        kubernetes
            .genericKubernetesResources(HTTP_ROUTE)
            .inNamespace(cluster.namespace())
            .withName(name)
            .get();
    if (route == null) {
      throw new ClusterException(
          "HTTPRoute %s/%s not found; check `cluster.http_route`"
              .formatted(cluster.namespace(), name));
    }
    return route;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> backendRefs(GenericKubernetesResource route) {
    Object spec = route.getAdditionalProperties().get("spec");
    if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("rules") instanceof List<?> rules)) {
      return List.of();
    }
    return rules.stream()
        .filter(Map.class::isInstance)
        .map(rule -> ((Map<String, Object>) rule).get("backendRefs"))
        .filter(List.class::isInstance)
        .flatMap(refs -> ((List<Map<String, Object>>) refs).stream())
        .toList();
  }
}
