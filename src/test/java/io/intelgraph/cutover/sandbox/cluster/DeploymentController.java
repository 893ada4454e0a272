package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.intelgraph.cutover.cluster.TargetHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for the deployment controller the mock API server lacks: every deployment's status
 * follows its spec within a poll (pods become ready at once), so scaling the canary to 0 during a
 * rollback is observed as done, as it would be on a real cluster, and a later rollout is complete
 * once the controller has caught up with the new generation. It also plays the EndpointSlice
 * controller: each Service gets one slice ({@code kubernetes.io/service-name}) with a ready endpoint
 * per ready pod of the deployments its selector matches, so a Service scaled to 0 has none.
 */
final class DeploymentController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
  private static final long POLL_MILLIS = 200;

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop;

  DeploymentController(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-deployment-controller");
      thread.setDaemon(true);
      return thread;
    });
    loop.scheduleWithFixedDelay(this::reconcile, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void reconcile() {
    try {
      for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        if (caughtUp(status, desired, generation)) continue;
        status.setReplicas(desired);
        status.setUpdatedReplicas(desired);
        status.setReadyReplicas(desired);
        status.setAvailableReplicas(desired);
        status.setObservedGeneration(generation);
        deployment.setStatus(status);
        client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
      }
      reconcileEndpointSlices();
    } catch (KubernetesClientException e) {
      // a conflict with a concurrent edit, or the server going away at shutdown: the next poll retries
      LOG.debug("deployment controller poll failed: {}", e.getMessage());
    }
  }

  private void reconcileEndpointSlices() {
    List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
    int serviceIndex = 0;
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      serviceIndex++;
      Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) continue;
      int ready = deployments.stream()
          .filter(d -> d.getSpec() != null && d.getSpec().getTemplate() != null && d.getSpec().getTemplate().getMetadata() != null
              && d.getSpec().getTemplate().getMetadata().getLabels() != null
              && d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
          .mapToInt(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas())
          .sum();
      String name = service.getMetadata().getName() + "-sandbox";
      EndpointSlice current = client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).get();
      int have = current == null || current.getEndpoints() == null ? -1 : current.getEndpoints().size();
      if (have == ready) continue;
      List<Endpoint> endpoints = new ArrayList<>();
      for (int i = 1; i <= ready; i++) {
        endpoints.add(new EndpointBuilder().withAddresses("10.0.%d.%d".formatted(serviceIndex, i))
            .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions().build());
      }
      client.discovery().v1().endpointSlices().inNamespace(namespace).resource(new EndpointSliceBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace)
          .addToLabels(TargetHealth.SERVICE_NAME_LABEL, service.getMetadata().getName())
          .addToLabels("endpointslice.kubernetes.io/managed-by", "sandbox-deployment-controller").endMetadata()
          .withAddressType("IPv4").withEndpoints(endpoints)
          .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
          .build()).createOr(existing -> existing.update());
    }
  }

  private static boolean caughtUp(DeploymentStatus status, int desired, long generation) {
    return Objects.equals(status.getReplicas(), desired) && Objects.equals(status.getReadyReplicas(), desired)
        && Objects.equals(status.getUpdatedReplicas(), desired) && Objects.equals(status.getAvailableReplicas(), desired)
        && Objects.equals(status.getObservedGeneration(), generation);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
