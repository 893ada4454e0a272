package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.cluster.TargetHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for the controllers the mock API server lacks (ReplicaSet, scheduler, kubelet): every
 * deployment keeps {@code spec.replicas} real Pod objects (owner reference, labels, {@code
 * nodeName} on a schedulable node, a {@code Ready} condition). A missing pod (deleted, evicted,
 * scaled up) is recreated at once as not ready and turns ready after {@code podStartDelay}, as a
 * starting container passes its readiness probe; surplus pods are removed. The deployment's status
 * is counted from its pods, so a chaos experiment's recovery time is measured, not assumed. Pods
 * that exist when the controller starts are the running workload: they are ready at once. It also
 * plays the EndpointSlice controller: each Service gets one slice ({@code
 * kubernetes.io/service-name}) with a ready endpoint per ready pod of the deployments its selector
 * matches, so a Service scaled to 0 has none.
 *
 * <p>Like a real controller it works from change notifications, not a tight poll: it reconciles
 * when the API server accepted a write ({@link #changed()}, what a watch would deliver), when a
 * starting pod's readiness is due, and every {@value #RESYNC_MILLIS} ms as a resync. Polling the
 * API every 100 ms cost a sixth of a core per sandbox, most of what an idle sandbox spent.
 */
final class DeploymentController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
  private static final long RESYNC_MILLIS = 5_000;

  private final KubernetesClient client;
  private final String namespace;
  private final Duration podStartDelay;
  private final Clock clock;
  private final Map<String, Instant> readyAt = new HashMap<>();
  private final ScheduledExecutorService loop;
  private final AtomicBoolean pending = new AtomicBoolean();

  DeploymentController(
      KubernetesClient client, String namespace, Duration podStartDelay, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.podStartDelay = podStartDelay;
    this.clock = clock;
    reconcile(true);
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-deployment-controller");
              thread.setDaemon(true);
              return thread;
            });
    loop.scheduleWithFixedDelay(this::changed, RESYNC_MILLIS, RESYNC_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Something in the cluster changed (or may have): one reconcile soon, however many changes arrive
   * before it runs (its own writes included, which find it caught up).
   */
  void changed() {
    if (!pending.compareAndSet(false, true)) return;
    try {
      loop.execute(
          () -> {
            pending.set(false);
            reconcile(false);
          });
    } catch (RejectedExecutionException closed) {
      // the sandbox is stopping
    }
  }

  private void reconcile(boolean initial) {
    try {
      for (Deployment deployment :
          client.apps().deployments().inNamespace(namespace).list().getItems()) {
        reconcile(deployment, initial);
      }
      reconcileEndpointSlices();
    } catch (KubernetesClientException e) {
      // a conflict with a concurrent edit, or the server going away at shutdown: the next poll
      // retries
      LOG.debug("deployment controller poll failed: {}", e.getMessage());
    }
  }

  private void reconcile(Deployment deployment, boolean initial) {
    int desired =
        deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
            ? 1
            : deployment.getSpec().getReplicas();
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    List<Pod> pods =
        client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .collect(Collectors.toList());
    while (pods.size() > desired) {
      Pod surplus = pods.remove(pods.size() - 1);
      client.pods().inNamespace(namespace).resource(surplus).delete();
    }
    for (int i = pods.size(); i < desired; i++) pods.add(createPod(deployment, initial));
    Instant now = clock.instant();
    for (Pod pod : pods) {
      Instant due = readyAt.get(pod.getMetadata().getUid());
      if (due != null && !now.isBefore(due)) {
        readyAt.remove(pod.getMetadata().getUid());
        pod.getStatus()
            .getConditions()
            .forEach(
                c -> {
                  c.setStatus("True");
                  c.setLastTransitionTime(now.toString());
                });
        pod.getStatus().setPhase("Running");
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
      }
    }
    int ready = (int) pods.stream().filter(DeploymentController::ready).count();
    long generation =
        deployment.getMetadata().getGeneration() == null
            ? 0
            : deployment.getMetadata().getGeneration();
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    if (caughtUp(status, pods.size(), ready, generation)) return;
    status.setReplicas(pods.size());
    status.setUpdatedReplicas(pods.size());
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(ready);
    status.setUnavailableReplicas(desired - ready > 0 ? desired - ready : null);
    status.setObservedGeneration(generation);
    deployment.setStatus(status);
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  private Pod createPod(Deployment deployment, boolean running) {
    String name = deployment.getMetadata().getName();
    String uid = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name + "-" + uid.substring(0, 5))
            .withNamespace(namespace)
            .withUid(uid)
            .addToLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName(name + "-7c9d")
            .withUid(deployment.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .editSpec()
            .withNodeName(schedule())
            .endSpec()
            .withNewStatus()
            .withPhase(running ? "Running" : "Pending")
            .addNewCondition()
            .withType("Ready")
            .withStatus(running ? "True" : "False")
            .withLastTransitionTime(now.toString())
            .endCondition()
            .endStatus()
            .build();
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    if (created.getStatus() == null
        || created.getStatus().getConditions() == null
        || created.getStatus().getConditions().isEmpty()) {
      created.setStatus(pod.getStatus());
      created = client.pods().inNamespace(namespace).resource(created).updateStatus();
    }
    if (!running) {
      readyAt.put(created.getMetadata().getUid(), now.plus(podStartDelay));
      loop.schedule(this::changed, podStartDelay.toMillis() + 1, TimeUnit.MILLISECONDS);
    }
    return created;
  }

  /**
   * The schedulable node with the fewest pods, as a spreading scheduler would pick; none is an
   * unschedulable pod (no nodeName).
   */
  private String schedule() {
    Map<String, Long> load =
        client.pods().inNamespace(namespace).list().getItems().stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    return client.nodes().list().getItems().stream()
        .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .map(n -> n.getMetadata().getName())
        .min(
            Comparator.comparing((Function<String, Long>) n -> load.getOrDefault(n, 0L))
                .thenComparing(n -> n))
        .orElse(null);
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean caughtUp(DeploymentStatus status, int pods, int ready, long generation) {
    return Objects.equals(status.getReplicas(), pods)
        && Objects.equals(status.getReadyReplicas(), ready)
        && Objects.equals(status.getUpdatedReplicas(), pods)
        && Objects.equals(status.getAvailableReplicas(), ready)
        && Objects.equals(status.getObservedGeneration(), generation);
  }

  private void reconcileEndpointSlices() {
    List<Deployment> deployments =
        client.apps().deployments().inNamespace(namespace).list().getItems();
    int serviceIndex = 0;
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      serviceIndex++;
      Map<String, String> selector =
          service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) continue;
      int ready =
          deployments.stream()
              .filter(
                  d ->
                      d.getSpec() != null
                          && d.getSpec().getTemplate() != null
                          && d.getSpec().getTemplate().getMetadata() != null
                          && d.getSpec().getTemplate().getMetadata().getLabels() != null
                          && d.getSpec()
                              .getTemplate()
                              .getMetadata()
                              .getLabels()
                              .entrySet()
                              .containsAll(selector.entrySet()))
              .mapToInt(
                  d ->
                      d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                          ? 0
                          : d.getStatus().getReadyReplicas())
              .sum();
      String name = service.getMetadata().getName() + "-sandbox";
      EndpointSlice current =
          client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).get();
      int have =
          current == null || current.getEndpoints() == null ? -1 : current.getEndpoints().size();
      if (have == ready) continue;
      List<Endpoint> endpoints = new ArrayList<>();
      for (int i = 1; i <= ready; i++) {
        endpoints.add(
            new EndpointBuilder()
                .withAddresses("10.0.%d.%d".formatted(serviceIndex, i))
                .withNewConditions()
                .withReady(true)
                .withServing(true)
                .withTerminating(false)
                .endConditions()
                .build());
      }
      client
          .discovery()
          .v1()
          .endpointSlices()
          .inNamespace(namespace)
          .resource(
              new EndpointSliceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .addToLabels(TargetHealth.SERVICE_NAME_LABEL, service.getMetadata().getName())
                  .addToLabels(
                      "endpointslice.kubernetes.io/managed-by", "sandbox-deployment-controller")
                  .endMetadata()
                  .withAddressType("IPv4")
                  .withEndpoints(endpoints)
                  .addNewPort()
                  .withName("http")
                  .withPort(8080)
                  .withProtocol("TCP")
                  .endPort()
                  .build())
          .createOr(existing -> existing.update());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
