package io.intelgraph.cutover.supplychain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images the API deployments run: every init and regular container of the pod template of each
 * named Deployment, read through the Kubernetes API (apps/v1,
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/). A
 * deployment that does not exist is an error, never an empty list.
 */
public final class DeployedImages {

  /** One container's image and who runs it ({@code deployment/<name> container <name>}). */
  public record DeployedImage(String where, String image) {}

  private DeployedImages() {}

  public static List<DeployedImage> of(
      KubernetesClient client, String namespace, List<String> deployments) {
    List<DeployedImage> images = new ArrayList<>();
    for (String name : deployments) {
      Deployment deployment =
          client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (deployment == null) {
        throw new SupplyChainException(
            "deployment %s/%s does not exist; check cluster.namespace, cluster.stable_deployment and cluster.canary_deployment"
                .formatted(namespace, name));
      }
      PodSpec spec = deployment.getSpec().getTemplate().getSpec();
      Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
          .map(
              container ->
                  new DeployedImage(
                      "deployment/%s container %s".formatted(name, container.getName()),
                      image(namespace, name, container)))
          .forEach(images::add);
    }
    return List.copyOf(images);
  }

  private static String image(String namespace, String deployment, Container container) {
    if (container.getImage() == null || container.getImage().isBlank()) {
      throw new SupplyChainException(
          "deployment %s/%s container %s has no image"
              .formatted(namespace, deployment, container.getName()));
    }
    return container.getImage();
  }
}
