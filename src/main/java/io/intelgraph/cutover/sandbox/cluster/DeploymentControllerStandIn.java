package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the deployment controller does for the sandbox's CRUD mock, which has none: brings each
 * deployment's status to its spec (replicas, ready, available, updated), so a scale-down of the
 * canary by the rollback is observed as done, as it would be in a cluster, a moment later.
 */
final class DeploymentControllerStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentControllerStandIn.class);
  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop;

  DeploymentControllerStandIn(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-deployment-controller");
      thread.setDaemon(true);
      return thread;
    });
    loop.scheduleWithFixedDelay(this::reconcile, 250, 250, TimeUnit.MILLISECONDS);
  }

  private void reconcile() {
    try {
      for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
        Integer wanted = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        if (wanted == null || (Objects.equals(status.getReplicas(), wanted) && Objects.equals(status.getReadyReplicas(), wanted))) {
          continue;
        }
        status.setReplicas(wanted);
        status.setReadyReplicas(wanted);
        status.setAvailableReplicas(wanted);
        status.setUpdatedReplicas(wanted);
        status.setObservedGeneration(deployment.getMetadata().getGeneration());
        deployment.setStatus(status);
        client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
      }
    } catch (RuntimeException e) {
      // a conflict or a server closing down: the next round tries again; never kill the loop
      LOG.debug("deployment reconcile round failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
