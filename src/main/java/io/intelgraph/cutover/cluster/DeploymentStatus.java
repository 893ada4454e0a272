package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;
import java.util.Optional;

/**
 * A deployment's rollout as {@code kubectl rollout status} judges it: complete when the controller
 * has observed the latest generation and every desired replica is updated, available and ready;
 * failed when the Progressing condition reports ProgressDeadlineExceeded.
 */
public record DeploymentStatus(
    String name,
    long generation,
    long observedGeneration,
    int desired,
    int updated,
    int ready,
    int available,
    Optional<String> failure) {

  public static DeploymentStatus of(Deployment deployment) {
    var spec = deployment.getSpec();
    var status = deployment.getStatus();
    int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
    long generation =
        deployment.getMetadata().getGeneration() == null
            ? 0
            : deployment.getMetadata().getGeneration();
    if (status == null) {
      return new DeploymentStatus(
          deployment.getMetadata().getName(), generation, 0, desired, 0, 0, 0, Optional.empty());
    }
    List<DeploymentCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    Optional<String> failure =
        conditions.stream()
            .filter(
                c ->
                    "Progressing".equals(c.getType())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
            .map(c -> "rollout exceeded its progress deadline: " + c.getMessage())
            .findFirst();
    return new DeploymentStatus(
        deployment.getMetadata().getName(),
        generation,
        orZero(status.getObservedGeneration()),
        desired,
        orZero(status.getUpdatedReplicas()),
        orZero(status.getReadyReplicas()),
        orZero(status.getAvailableReplicas()),
        failure);
  }

  public boolean isComplete() {
    return observedGeneration >= generation
        && updated >= desired
        && ready >= desired
        && available >= desired;
  }

  public boolean hasFailed() {
    return failure.isPresent();
  }

  /** One line for progress output and failure messages. */
  public String describe() {
    return "%s: %d/%d updated, %d ready, %d available (generation %d, observed %d)%s"
        .formatted(
            name,
            updated,
            desired,
            ready,
            available,
            generation,
            observedGeneration,
            failure.map(f -> "; " + f).orElse(""));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
