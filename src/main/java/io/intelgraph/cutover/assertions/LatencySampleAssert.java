package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.golden.LatencySample;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a latency sample against its target. */
public final class LatencySampleAssert extends AbstractAssert<LatencySampleAssert, LatencySample> {

  LatencySampleAssert(LatencySample actual) {
    super(actual, LatencySampleAssert.class);
  }

  /** There were samples and their p95 met the target. */
  public LatencySampleAssert meetsTarget() {
    isNotNull();
    if (!actual.meetsTarget())
      failWithMessage(
          "%s", "expected %s to meet its p95 target but: %s".formatted(actual.metric(), actual));
    return this;
  }
}
