package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
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
 * once the controller has caught up with the new generation.
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
    } catch (KubernetesClientException e) {
      // a conflict with a concurrent edit, or the server going away at shutdown: the next poll retries
      LOG.debug("deployment controller poll failed: {}", e.getMessage());
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
