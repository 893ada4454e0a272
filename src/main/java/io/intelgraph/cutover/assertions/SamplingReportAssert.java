package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.golden.SamplingReport;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a sampled golden transaction; failures quote the runs, errors, latencies and first
 * failure.
 */
public final class SamplingReportAssert
    extends AbstractAssert<SamplingReportAssert, SamplingReport> {

  SamplingReportAssert(SamplingReport actual) {
    super(actual, SamplingReportAssert.class);
  }

  /** At least one run, no run failed, every measurement met its p95 target. */
  public SamplingReportAssert passed() {
    isNotNull();
    if (!actual.passed())
      failWithMessage(
          "%s",
          "expected golden %s to pass at %s but: %s"
              .formatted(actual.golden(), Instant.now(), actual.summary()));
    return this;
  }

  /**
   * Every measurement's p95 is within {@code limit} (a stricter bound than the configured targets).
   */
  public SamplingReportAssert passedWithin(Duration limit) {
    passed();
    for (LatencySample metric : actual.metrics()) {
      if (metric.p95().compareTo(limit) > 0) {
        failWithMessage(
            "%s",
            "expected %s p95 within %d ms but it was %d ms: %s"
                .formatted(
                    metric.metric(), limit.toMillis(), metric.p95().toMillis(), actual.summary()));
      }
    }
    return this;
  }
}
