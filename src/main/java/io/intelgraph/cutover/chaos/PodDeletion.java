package io.intelgraph.cutover.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.support.StepLog;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes one pod of the API deployment ({@code DELETE /api/v1/namespaces/{ns}/pods/{name}}, see
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#delete-delete-a-pod)
 * and times how long the deployment takes to be fully available again: every desired replica ready,
 * and a new pod in place of the deleted one (its controller recreated it; the same pod coming back
 * does not count).
 *
 * <pre>{@code
 * PodDeletion.Recovery r = new PodDeletion(client, "intelgraph", "intelgraph-api", Duration.ofMinutes(10), Clock.systemUTC()).run();
 * }</pre>
 */
public final class PodDeletion {

  /** What the experiment did and saw; {@code log} holds every step with its time. */
  public record Recovery(
      String deployment,
      String deletedPod,
      String node,
      String replacement,
      Instant deletedAt,
      Instant recoveredAt,
      StepLog log) {
    public Duration recoveryTime() {
      return Duration.between(deletedAt, recoveredAt);
    }
  }

  private final ApiPods pods;
  private final Duration timeout;
  private final Clock clock;

  public PodDeletion(
      KubernetesClient client, String namespace, String deployment, Duration timeout, Clock clock) {
    this.pods = new ApiPods(client, namespace, deployment);
    this.timeout = timeout;
    this.clock = clock;
  }

  public Recovery run() {
    StepLog log = new StepLog(clock);
    if (!pods.fullyAvailable()) {
      throw new ChaosException(
          "pod deletion not started: %s is not fully available before the experiment, so its recovery cannot be measured; %s"
              .formatted(pods.name(), pods.describe()));
    }
    List<Pod> before = pods.readyPods();
    Set<String> beforeUids =
        before.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    Pod victim = before.get(0);
    log.step("before: " + pods.describe());
    Instant deletedAt =
        log.step(
            "delete pod %s (uid %s) on node %s"
                .formatted(
                    victim.getMetadata().getName(),
                    victim.getMetadata().getUid(),
                    victim.getSpec().getNodeName()));
    pods.client()
        .pods()
        .inNamespace(victim.getMetadata().getNamespace())
        .withName(victim.getMetadata().getName())
        .delete();
    String[] replacement = new String[1];
    try {
      BoundedWait.named(
              "recovery of %s after deleting pod %s"
                  .formatted(pods.name(), victim.getMetadata().getName()))
          .atMost(timeout)
          .pollEvery(Duration.ofMillis(200))
          .progressEvery(Duration.ofSeconds(10))
          .status(pods::describe)
          .until(
              () -> {
                List<Pod> ready = pods.readyPods();
                boolean victimGone =
                    ready.stream()
                        .noneMatch(
                            p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid()));
                var fresh =
                    ready.stream()
                        .filter(p -> !beforeUids.contains(p.getMetadata().getUid()))
                        .findFirst();
                fresh.ifPresent(
                    p ->
                        replacement[0] =
                            p.getMetadata().getName() + "@" + p.getSpec().getNodeName());
                return victimGone && fresh.isPresent() && pods.fullyAvailable();
              });
    } catch (WaitTimeoutException e) {
      log.step("not recovered: " + pods.describe());
      throw new ChaosException(
          "pod deletion: %s did not recover within chaos.timeout %s after pod %s was deleted at %s; steps:%n%s"
              .formatted(
                  pods.name(), timeout, victim.getMetadata().getName(), deletedAt, log.describe()),
          e);
    }
    Instant recoveredAt =
        log.step(
            "fully available again with new pod %s: %s".formatted(replacement[0], pods.describe()));
    return new Recovery(
        pods.name(),
        victim.getMetadata().getName(),
        victim.getSpec().getNodeName(),
        replacement[0],
        deletedAt,
        recoveredAt,
        log);
  }
}
