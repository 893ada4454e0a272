package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.cluster.DeploymentStatus;
import java.time.Instant;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a deployment's rollout, as {@code kubectl rollout status} judges it. */
public final class DeploymentStatusAssert
    extends AbstractAssert<DeploymentStatusAssert, DeploymentStatus> {

  DeploymentStatusAssert(DeploymentStatus actual) {
    super(actual, DeploymentStatusAssert.class);
  }

  /** Latest generation observed, every desired replica updated, ready and available. */
  public DeploymentStatusAssert isComplete() {
    isNotNull();
    if (!actual.isComplete())
      failWithMessage(
          "%s",
          "expected the rollout of %s to be complete at %s but: %s"
              .formatted(actual.name(), Instant.now(), actual.describe()));
    return this;
  }

  /** Scaled to no replicas, as a rollback leaves the canary. */
  public DeploymentStatusAssert isScaledToZero() {
    isNotNull();
    if (actual.desired() != 0 || actual.ready() != 0) {
      failWithMessage(
          "%s",
          "expected %s scaled to 0 replicas at %s but: %s"
              .formatted(actual.name(), Instant.now(), actual.describe()));
    }
    return this;
  }
}
