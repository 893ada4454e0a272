package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Cluster;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends all traffic back to stable on the ALB ingress: in the
 * {@code alb.ingress.kubernetes.io/actions.<routing_action>} forward action, the stable service's
 * target group gets weight 100 and every other group 0. The rest of the JSON is kept as it was.
 */
final class IngressTrafficAction implements RollbackAction {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final KubernetesClient client;
  private final Cluster cluster;

  IngressTrafficAction(KubernetesClient client, Cluster cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "traffic";
  }

  @Override
  public String description() {
    return "ingress %s/%s annotation %s: %s weight 100, %s weight 0".formatted(cluster.namespace(), cluster.ingress(),
        cluster.routingAnnotation(), cluster.stableService(), cluster.canaryService());
  }

  @Override
  public String execute(RollbackRequest request) {
    Ingress ingress = client.network().v1().ingresses().inNamespace(cluster.namespace()).withName(cluster.ingress()).get();
    if (ingress == null) {
      throw new RollbackActionException("ingress %s/%s does not exist; check cluster.namespace and cluster.ingress"
          .formatted(cluster.namespace(), cluster.ingress()));
    }
    String before = annotation(ingress);
    String after = rewrite(before);
    client.network().v1().ingresses().inNamespace(cluster.namespace()).withName(cluster.ingress())
        .edit(current -> new IngressBuilder(current).editMetadata().addToAnnotations(cluster.routingAnnotation(), after).endMetadata().build());
    return "weights were %s, now %s".formatted(weights(parse(before)), weights(parse(after)));
  }

  String annotation(Ingress ingress) {
    String value = ingress.getMetadata().getAnnotations() == null ? null
        : ingress.getMetadata().getAnnotations().get(cluster.routingAnnotation());
    if (value == null) {
      throw new RollbackActionException("ingress %s/%s has no annotation %s; check cluster.routing_action"
          .formatted(cluster.namespace(), cluster.ingress(), cluster.routingAnnotation()));
    }
    return value;
  }

  private String rewrite(String annotation) {
    JsonNode action = parse(annotation);
    if (!weights(action).containsKey(cluster.stableService())) {
      throw new RollbackActionException("ingress %s/%s annotation %s has no target group for the stable service '%s' (it has %s); fix the annotation or cluster.stable_service"
          .formatted(cluster.namespace(), cluster.ingress(), cluster.routingAnnotation(), cluster.stableService(), weights(action)));
    }
    for (JsonNode group : action.path("forwardConfig").path("targetGroups")) {
      boolean stable = cluster.stableService().equals(group.path("serviceName").asString(""));
      ((ObjectNode) group).put("weight", stable ? 100 : 0);
    }
    return JSON.writeValueAsString(action);
  }

  JsonNode parse(String annotation) {
    try {
      JsonNode action = JSON.readTree(annotation);
      if (!action.path("forwardConfig").path("targetGroups").isArray()) {
        throw new RollbackActionException("ingress %s/%s annotation %s has no forwardConfig.targetGroups list: %s"
            .formatted(cluster.namespace(), cluster.ingress(), cluster.routingAnnotation(), annotation));
      }
      return action;
    } catch (JacksonException e) {
      throw new RollbackActionException("ingress %s/%s annotation %s is not valid JSON (%s): %s"
          .formatted(cluster.namespace(), cluster.ingress(), cluster.routingAnnotation(), e.getOriginalMessage(), annotation), e);
    }
  }

  /** {@code {intelgraph-api=100, intelgraph-api-canary=0}}, for messages and verification. */
  static java.util.Map<String, Integer> weights(JsonNode action) {
    java.util.Map<String, Integer> weights = new java.util.LinkedHashMap<>();
    for (JsonNode group : action.path("forwardConfig").path("targetGroups")) {
      weights.put(group.path("serviceName").asString("?"), group.path("weight").asInt(0));
    }
    return weights;
  }
}
