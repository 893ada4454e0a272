package io.intelgraph.cutover.rollback;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Cluster;

/**
 * Scales the canary deployment to zero replicas through its {@code scale} subresource (GET, then
 * PUT {@code .../deployments/<name>/scale},
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/); runs
 * after traffic has left it.
 */
final class ScaleCanaryAction implements RollbackAction {

  private final KubernetesClient client;
  private final Cluster cluster;

  ScaleCanaryAction(KubernetesClient client, Cluster cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public String description() {
    return "deployment %s/%s: replicas 0"
        .formatted(cluster.namespace(), cluster.canaryDeployment());
  }

  @Override
  public java.util.List<io.intelgraph.cutover.cluster.AccessRequest> requests() {
    return new io.intelgraph.cutover.cluster.Deployments(client, cluster.namespace())
        .scaleRequests(cluster.canaryDeployment());
  }

  @Override
  public String execute(RollbackRequest request) {
    var resource =
        client
            .apps()
            .deployments()
            .inNamespace(cluster.namespace())
            .withName(cluster.canaryDeployment());
    Deployment current = resource.get();
    if (current == null) {
      throw new RollbackActionException(
          "deployment %s/%s does not exist; check cluster.canary_deployment"
              .formatted(cluster.namespace(), cluster.canaryDeployment()));
    }
    Integer before = current.getSpec() == null ? null : current.getSpec().getReplicas();
    // the scale subresource, as `kubectl scale` uses: the Role grants deployments/scale, not the
    // deployment itself
    resource.scale(0);
    return "replicas were %s, now 0".formatted(before);
  }
}
