package io.intelgraph.cutover.chaos;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.intelgraph.cutover.support.StepLog;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

/**
 * Drains one node that runs API pods, as {@code kubectl drain} does for them: cordon the node
 * ({@code spec.unschedulable: true}), evict its API pods through the Eviction API ({@code
 * policy/v1} Eviction, https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/),
 * which honours PodDisruptionBudgets: a refusal (429 Too Many Requests) is retried with doubling
 * backoff within the bound and reported. It times how long the evicted pods take to be replaced by
 * ready pods elsewhere.
 *
 * <p>The node is uncordoned <em>always</em>, also when an eviction or the migration failed, and the
 * uncordon is verified by reading the node back; a node that stays cordoned fails the experiment.
 */
public final class NodeDrain {

  /** What the drain did and saw. */
  public record Migration(
      String deployment,
      String node,
      List<String> evicted,
      int refusedEvictions,
      Instant drainStartedAt,
      Instant migratedAt,
      boolean uncordoned,
      StepLog log) {
    public Duration migrationTime() {
      return Duration.between(drainStartedAt, migratedAt);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final ApiPods pods;
  private final Duration timeout;
  private final Duration backoff;
  private final Clock clock;

  public NodeDrain(
      KubernetesClient client,
      String namespace,
      String deployment,
      Duration timeout,
      Duration backoff,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.pods = new ApiPods(client, namespace, deployment);
    this.timeout = timeout;
    this.backoff = backoff;
    this.clock = clock;
  }

  public Migration run() {
    StepLog log = new StepLog(clock);
    if (!pods.fullyAvailable()) {
      throw new ChaosException(
          "node drain not started: %s is not fully available before the experiment; %s"
              .formatted(pods.name(), pods.describe()));
    }
    String node =
        pods.readyPods().stream()
            .map(p -> p.getSpec().getNodeName())
            .filter(n -> n != null && !n.isBlank())
            .findFirst()
            .orElseThrow(
                () ->
                    new ChaosException(
                        "node drain not started: no ready pod of %s is scheduled on a node; %s"
                            .formatted(pods.name(), pods.describe())));
    log.step("before: " + pods.describe());
    Instant started = log.step("cordon node " + node);
    AtomicInteger refused = new AtomicInteger();
    List<Pod> onNode = List.of();
    ChaosException failure = null;
    Instant migratedAt = null;
    try {
      setUnschedulable(node, true);
      onNode = pods.pods().stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
      Instant deadline = started.plus(timeout);
      for (Pod pod : onNode) evict(pod, deadline, refused, log);
      Set<String> evictedUids =
          onNode.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
      BoundedWait.named("migration of %s's pods off node %s".formatted(pods.name(), node))
          .atMost(remaining(deadline))
          .pollEvery(Duration.ofMillis(200))
          .progressEvery(Duration.ofSeconds(10))
          .status(pods::describe)
          .until(
              () ->
                  pods.fullyAvailable()
                      && pods.readyPods().stream()
                          .noneMatch(
                              p ->
                                  node.equals(p.getSpec().getNodeName())
                                      || evictedUids.contains(p.getMetadata().getUid())));
      migratedAt = log.step("every API pod ready off node %s: %s".formatted(node, pods.describe()));
    } catch (WaitTimeoutException e) {
      log.step("not migrated: " + pods.describe());
      failure =
          new ChaosException(
              "node drain: the pods of %s evicted from node %s were not ready elsewhere within chaos.timeout %s; steps:%n%s"
                  .formatted(pods.name(), node, timeout, log.describe()),
              e);
    } catch (ChaosException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure =
          new ChaosException("node drain of %s failed: %s".formatted(node, e.getMessage()), e);
    } finally {
      boolean uncordoned = uncordon(node, log);
      if (!uncordoned) {
        ChaosException stuck =
            new ChaosException(
                ("node drain: node %s is STILL CORDONED after the experiment; uncordon it now: "
                        + "kubectl uncordon %s; steps:%n%s")
                    .formatted(node, node, log.describe()));
        if (failure != null) stuck.addSuppressed(failure);
        throw stuck;
      }
    }
    if (failure != null)
      throw new ChaosException(
          failure.getMessage() + "\nnode %s was uncordoned afterwards (verified)".formatted(node),
          failure);
    return new Migration(
        pods.name(),
        node,
        onNode.stream().map(p -> p.getMetadata().getName()).toList(),
        refused.get(),
        started,
        migratedAt,
        true,
        log);
  }

  /**
   * The client's own retries are off for evictions: fabric8 retries a 429 inside one call, which
   * would hide each refusal from the count and the backoff here.
   */
  private KubernetesClient evictionClient() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
        .build();
  }

  private void evict(Pod pod, Instant deadline, AtomicInteger refused, StepLog log) {
    String name = pod.getMetadata().getName();
    AtomicInteger attempts = new AtomicInteger();
    try (KubernetesClient evictions = evictionClient()) {
      await("eviction of pod " + name)
          .atMost(remaining(deadline))
          .pollDelay(Duration.ZERO)
          .pollInterval(IterativePollInterval.iterative(d -> d.multipliedBy(2), backoff))
          .until(
              () -> {
                attempts.incrementAndGet();
                boolean evicted = evictions.pods().inNamespace(namespace).withName(name).evict();
                if (!evicted) {
                  refused.incrementAndGet();
                  log.step(
                      "eviction of pod %s refused (429 Too Many Requests: a PodDisruptionBudget allows no disruption now); retrying"
                          .formatted(name));
                }
                return evicted;
              });
      log.step("evicted pod %s (attempt %d)".formatted(name, attempts.get()));
    } catch (ConditionTimeoutException e) {
      throw new ChaosException(
          ("node drain: the eviction of pod %s was refused %d times with 429 Too Many Requests within chaos.timeout %s; "
                  + "the PodDisruptionBudgets %s allow no disruption (relax them, or add replicas, then run the line again); steps:%n%s")
              .formatted(name, refused.get(), timeout, budgetsFor(pod), log.describe()),
          e);
    }
  }

  private String budgetsFor(Pod pod) {
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    return client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(
            pdb ->
                pdb.getSpec().getSelector() != null
                    && pdb.getSpec().getSelector().getMatchLabels() != null
                    && labels
                        .entrySet()
                        .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()))
        .map(NodeDrain::describe)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String describe(PodDisruptionBudget pdb) {
    var spec = pdb.getSpec();
    return "%s (minAvailable %s, maxUnavailable %s)"
        .formatted(
            pdb.getMetadata().getName(),
            spec.getMinAvailable() == null ? "-" : spec.getMinAvailable().getValue(),
            spec.getMaxUnavailable() == null ? "-" : spec.getMaxUnavailable().getValue());
  }

  private void setUnschedulable(String node, boolean unschedulable) {
    client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(unschedulable);
              return n;
            });
  }

  /** Uncordons and reads the node back; false if it is still unschedulable or could not be read. */
  private boolean uncordon(String node, StepLog log) {
    try {
      setUnschedulable(node, false);
      Node after = client.nodes().withName(node).get();
      boolean ok = after != null && !Boolean.TRUE.equals(after.getSpec().getUnschedulable());
      log.step(
          ok
              ? "uncordoned node %s (verified: spec.unschedulable is not true)".formatted(node)
              : "node %s still cordoned after uncordon".formatted(node));
      return ok;
    } catch (RuntimeException e) {
      log.step("uncordon of node %s failed: %s".formatted(node, e.getMessage()));
      return false;
    }
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }
}
