package io.intelgraph.cutover.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The pods of one deployment as the API server reports them: selected by the deployment's {@code
 * spec.selector.matchLabels}, ready by their {@code Ready} condition (a terminating pod is not
 * ready). See https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
 */
final class ApiPods {

  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;

  ApiPods(KubernetesClient client, String namespace, String deployment) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
  }

  KubernetesClient client() {
    return client;
  }

  String name() {
    return namespace + "/" + deployment;
  }

  Deployment deployment() {
    Deployment found =
        client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    if (found == null) {
      throw new ChaosException(
          "deployment %s not found; set chaos.deployment (or cluster.stable_deployment / cluster.canary_deployment) to the API deployment"
              .formatted(name()));
    }
    return found;
  }

  int desired() {
    Integer replicas = deployment().getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  List<Pod> pods() {
    Map<String, String> labels = deployment().getSpec().getSelector().getMatchLabels();
    if (labels == null || labels.isEmpty()) {
      throw new ChaosException(
          "deployment %s has no spec.selector.matchLabels; its pods cannot be selected"
              .formatted(name()));
    }
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  static boolean ready(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || pod.getStatus().getConditions() == null) return false;
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  List<Pod> readyPods() {
    return pods().stream().filter(ApiPods::ready).toList();
  }

  /** Fully available: every desired replica ready, per the deployment's status and its pods. */
  boolean fullyAvailable() {
    Deployment d = deployment();
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
    return Objects.equals(available, desired) && readyPods().size() >= desired;
  }

  String describe() {
    Deployment d = deployment();
    String status =
        d.getStatus() == null
            ? "no status"
            : "desired %s, ready %s, available %s"
                .formatted(
                    d.getSpec().getReplicas(),
                    d.getStatus().getReadyReplicas(),
                    d.getStatus().getAvailableReplicas());
    return "%s: %s; pods %s"
        .formatted(
            name(),
            status,
            pods().stream()
                .map(
                    p ->
                        "%s@%s(%s)"
                            .formatted(
                                p.getMetadata().getName(),
                                p.getSpec().getNodeName(),
                                ready(p) ? "ready" : "not ready"))
                .collect(Collectors.joining(", ", "[", "]")));
  }
}
