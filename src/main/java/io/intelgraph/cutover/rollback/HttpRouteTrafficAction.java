package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.config.Cluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends all traffic back to stable on a Gateway API HTTPRoute: in every rule, the stable service's
 * backendRef gets weight 100 and every other backendRef 0.
 */
final class HttpRouteTrafficAction implements RollbackAction {

  static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
      .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
      .withNamespaced(true).build();

  private final KubernetesClient client;
  private final Cluster cluster;
  private final String route;

  HttpRouteTrafficAction(KubernetesClient client, Cluster cluster, String route) {
    this.client = client;
    this.cluster = cluster;
    this.route = route;
  }

  @Override
  public String name() {
    return "traffic-httproute";
  }

  @Override
  public String description() {
    return "httproute %s/%s backendRefs: %s weight 100, %s weight 0".formatted(cluster.namespace(), route,
        cluster.stableService(), cluster.canaryService());
  }

  @Override
  public String execute(RollbackRequest request) {
    var resource = client.genericKubernetesResources(HTTP_ROUTE).inNamespace(cluster.namespace()).withName(route);
    GenericKubernetesResource current = resource.get();
    if (current == null) {
      throw new RollbackActionException("httproute %s/%s does not exist; check cluster.http_route or remove it".formatted(cluster.namespace(), route));
    }
    Map<String, Integer> before = weights(current);
    if (!before.containsKey(cluster.stableService())) {
      throw new RollbackActionException("httproute %s/%s has no backendRef for the stable service '%s' (it has %s); fix the route or cluster.stable_service"
          .formatted(cluster.namespace(), route, cluster.stableService(), before));
    }
    GenericKubernetesResource edited = resource.edit(r -> {
      backendRefs(r).forEach(ref -> ref.put("weight", cluster.stableService().equals(ref.get("name")) ? 100 : 0));
      return r;
    });
    return "weights were %s, now %s".formatted(before, weights(edited));
  }

  static Map<String, Integer> weights(GenericKubernetesResource route) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    backendRefs(route).forEach(ref -> weights.merge(String.valueOf(ref.get("name")),
        ref.get("weight") instanceof Number n ? n.intValue() : 1, Integer::sum));
    return weights;
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
