package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's stand-in for the deployment controller: the CRUD mock stores a new
 * {@code spec.replicas} but nothing ever brings {@code status} to it, so a scaled-down canary
 * would report its old replicas forever and no rollback could be verified. This watches the
 * namespace's deployments and, whenever spec and status disagree, writes a status with every
 * replica count at the spec's (pods start and stop instantly here) and the generation observed.
 *
 * <p>Status writes go through one thread, off the watch's own, and a write that makes them agree
 * is a no-op on its own event, so there is no loop.
 */
final class DeploymentController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

  private final KubernetesClient client;
  private final String namespace;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-deployment-controller");
    thread.setDaemon(true);
    return thread;
  });
  private final Watch watch;
  private volatile boolean closed;

  DeploymentController(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        if (!closed && (action == Action.ADDED || action == Action.MODIFIED)) {
          try {
            writer.execute(() -> reconcile(deployment.getMetadata().getName()));
          } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closed between the check and the hand-off: the sandbox is going away
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (!closed) LOG.warn("sandbox deployment controller stopped watching {}: {}", namespace, cause.getMessage());
      }
    });
  }

  private void reconcile(String name) {
    try {
      var resource = client.apps().deployments().inNamespace(namespace).withName(name);
      Deployment current = resource.get();
      if (current == null || current.getSpec() == null) return;
      Integer wanted = current.getSpec().getReplicas();
      Integer running = current.getStatus() == null ? null : current.getStatus().getReplicas();
      if (wanted == null || Objects.equals(wanted, running)) return;
      current.setStatus(new DeploymentStatusBuilder(current.getStatus()).withReplicas(wanted).withReadyReplicas(wanted)
          .withAvailableReplicas(wanted).withUpdatedReplicas(wanted)
          .withObservedGeneration(current.getMetadata().getGeneration()).build());
      client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    } catch (RuntimeException e) {
      if (closed) return; // the sandbox is shutting down under us: nothing left to reconcile
      LOG.warn("sandbox deployment controller could not bring {}/{} status to its spec: {}", namespace, name, e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    try {
      watch.close();
    } finally {
      writer.shutdown();
      writer.awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
