package io.intelgraph.cutover.cluster;

import io.intelgraph.cutover.support.JsonMappers;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AWS Load Balancer Controller's weighted {@code forward} action, as it sits in the ingress
 * annotation {@code alb.ingress.kubernetes.io/actions.<name>}:
 *
 * <pre>{"type":"forward","forwardConfig":{"targetGroups":[
 *   {"serviceName":"intelgraph-api","servicePort":80,"weight":80},
 *   {"serviceName":"intelgraph-api-canary","servicePort":80,"weight":20}]}}</pre>
 *
 * Parsed and rewritten as JSON (never by string surgery), keeping every other field as it was.
 */
public final class WeightedRouting {

  private static final ObjectMapper JSON = JsonMappers.JSON;

  /** One target group's share of traffic. */
  public record TargetGroup(String serviceName, int weight) {}

  private final ObjectNode action;

  private WeightedRouting(ObjectNode action) {
    this.action = action;
  }

  /** Parses an annotation value; the error says what is wrong with it. */
  public static WeightedRouting parse(String annotation) {
    if (annotation == null || annotation.isBlank()) {
      throw new IllegalArgumentException("the weighted-routing annotation is missing or empty");
    }
    JsonNode node;
    try {
      node = JSON.readTree(annotation);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the weighted-routing annotation is not JSON: " + e.getMessage(), e);
    }
    if (!(node instanceof ObjectNode object)
        || !(node.path("forwardConfig").path("targetGroups") instanceof ArrayNode)) {
      throw new IllegalArgumentException(
          "the weighted-routing annotation has no forwardConfig.targetGroups array");
    }
    for (JsonNode group : node.path("forwardConfig").path("targetGroups")) {
      if (!group.path("weight").isIntegralNumber()
          || group.path("weight").asLong() < 0
          || group.path("serviceName").asString("").isBlank()) {
        throw new IllegalArgumentException(
            "the weighted-routing annotation has a target group without a serviceName and a non-negative integer weight: "
                + group);
      }
    }
    return new WeightedRouting(object);
  }

  /** A fresh two-group forward action. */
  public static WeightedRouting of(
      String stableService, String canaryService, int servicePort, int canaryWeight) {
    ObjectNode action = JSON.createObjectNode();
    action.put("type", "forward");
    ArrayNode groups = action.putObject("forwardConfig").putArray("targetGroups");
    groups
        .addObject()
        .put("serviceName", stableService)
        .put("servicePort", servicePort)
        .put("weight", 100 - canaryWeight);
    groups
        .addObject()
        .put("serviceName", canaryService)
        .put("servicePort", servicePort)
        .put("weight", canaryWeight);
    return new WeightedRouting(action);
  }

  public List<TargetGroup> targetGroups() {
    return groups()
        .valueStream()
        .map(g -> new TargetGroup(g.path("serviceName").asString(""), g.path("weight").asInt(0)))
        .toList();
  }

  /**
   * The percentage of traffic the canary service receives: its weight over the sum of weights, as
   * the load balancer computes it. A canary absent from the action receives nothing.
   */
  public int canaryPercent(String canaryService) {
    int total = 0;
    int canary = 0;
    for (TargetGroup group : targetGroups()) {
      total += Math.max(0, group.weight());
      if (group.serviceName().equals(canaryService)) canary += Math.max(0, group.weight());
    }
    return total == 0 ? 0 : (int) Math.round(100.0 * canary / total);
  }

  /** A copy with the canary at {@code canaryPercent} and the stable service at the rest. */
  public WeightedRouting withCanaryPercent(
      String stableService, String canaryService, int canaryPercent) {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException("canary weight must be 0..100, got " + canaryPercent);
    }
    ObjectNode copy = action.deepCopy();
    ArrayNode groups = (ArrayNode) copy.path("forwardConfig").path("targetGroups");
    boolean sawStable = false;
    boolean sawCanary = false;
    for (JsonNode group : groups) {
      String service = group.path("serviceName").asString("");
      if (service.equals(stableService)) {
        ((ObjectNode) group).put("weight", 100 - canaryPercent);
        sawStable = true;
      } else if (service.equals(canaryService)) {
        ((ObjectNode) group).put("weight", canaryPercent);
        sawCanary = true;
      }
    }
    if (!sawStable || !sawCanary) {
      throw new IllegalArgumentException(
          "the weighted-routing annotation lacks target group %s (found %s); add both services to it"
              .formatted(!sawStable ? stableService : canaryService, targetGroups()));
    }
    return new WeightedRouting(copy);
  }

  private ArrayNode groups() {
    return (ArrayNode) action.path("forwardConfig").path("targetGroups");
  }

  /**
   * Weight by service, e.g. {@code {intelgraph-api=100, intelgraph-api-canary=0}}, for messages and
   * verification.
   */
  public java.util.Map<String, Integer> weights() {
    java.util.Map<String, Integer> weights = new java.util.LinkedHashMap<>();
    targetGroups()
        .forEach(group -> weights.merge(group.serviceName(), group.weight(), Integer::sum));
    return weights;
  }

  /**
   * A copy sending everything to {@code stableService} and nothing to any other group (the
   * rollback).
   */
  public WeightedRouting allTo(String stableService) {
    if (!weights().containsKey(stableService)) {
      throw new IllegalArgumentException(
          "the weighted-routing annotation has no target group for the stable service '%s' (it has %s)"
              .formatted(stableService, weights()));
    }
    ObjectNode copy = action.deepCopy();
    for (JsonNode group : copy.path("forwardConfig").path("targetGroups")) {
      ((ObjectNode) group)
          .put("weight", stableService.equals(group.path("serviceName").asString("")) ? 100 : 0);
    }
    return new WeightedRouting(copy);
  }

  /** The annotation value. */
  public String toJson() {
    return JSON.writeValueAsString(action);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WeightedRouting that && action.equals(that.action);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
