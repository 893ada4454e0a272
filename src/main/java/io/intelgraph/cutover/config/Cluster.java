package io.intelgraph.cutover.config;

import java.util.Optional;

/**
 * The Kubernetes objects the cutover reads and moves: the two deployments, the ingress whose ALB
 * {@code actions.<routingAction>} annotation holds the weights, and optionally a Gateway API HTTPRoute.
 */
public record Cluster(
    String namespace,
    String ingress,
    String routingAction,
    String stableService,
    String canaryService,
    String stableDeployment,
    String canaryDeployment,
    Optional<String> httpRoute) {

  /** The ALB annotation that carries the weighted-routing action. */
  public String routingAnnotation() {
    return "alb.ingress.kubernetes.io/actions." + routingAction;
  }
}
