package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/** Reads and scales the deployments of one namespace, with errors that name what is missing. */
public final class Deployments {
  private final KubernetesClient kubernetes;
  private final String namespace;

  public Deployments(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  public DeploymentStatus status(String name) {
    return DeploymentStatus.of(get(name));
  }

  /**
   * Sets the deployment's replicas through its {@code scale} subresource, as {@code kubectl scale}
   * does
   * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#replace-replace-scale-of-the-specified-deployment):
   * the grant it needs is {@code deployments/scale} (get, update), not the whole deployment.
   */
  public void scale(String name, int replicas) {
    get(name);
    kubernetes.apps().deployments().inNamespace(namespace).withName(name).scale(replicas);
  }

  /**
   * What {@link #scale} sends: read the deployment, then GET and PUT its {@code scale} subresource.
   */
  public List<AccessRequest> scaleRequests(String name) {
    return List.of(
        AccessRequest.on("get", "apps", "deployments", namespace, name),
        new AccessRequest("get", "apps", "deployments", "scale", namespace, name),
        new AccessRequest("update", "apps", "deployments", "scale", namespace, name));
  }

  public int desiredReplicas(String name) {
    Deployment deployment = get(name);
    return deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
        ? 1
        : deployment.getSpec().getReplicas();
  }

  /**
   * The value of label {@code label} on the deployment's pod template (what its pods are created
   * with, e.g. {@code app.kubernetes.io/version}); empty when the template has none.
   */
  public java.util.Optional<String> templateLabel(String name, String label) {
    Deployment deployment = get(name);
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    var labels =
        template == null || template.getMetadata() == null
            ? null
            : template.getMetadata().getLabels();
    return java.util.Optional.ofNullable(labels == null ? null : labels.get(label));
  }

  private Deployment get(String name) {
    Deployment deployment =
        kubernetes.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      throw new ClusterException(
          "deployment %s/%s not found; check `cluster.namespace` and the deployment names"
              .formatted(namespace, name));
    }
    return deployment;
  }
}
