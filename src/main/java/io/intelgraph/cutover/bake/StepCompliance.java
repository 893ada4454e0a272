package io.intelgraph.cutover.bake;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.Sample;
import java.util.List;

/**
 * "% of time at or under the threshold": the share of a range query's steps whose value meets
 * {@code perStep}. A step whose value is NaN or infinite (no traffic in its rate window, or beyond
 * the largest bucket) had a sample but is not compliant: an unknown latency is never counted as
 * good time. Steps without a sample are not in the share; {@link Coverage} accounts for them.
 *
 * <pre>{@code
 * StepCompliance c = StepCompliance.of(series.samples(), Threshold.parse("<= 350ms"));
 * c.share(); // 0.994
 * }</pre>
 */
public record StepCompliance(int compliant, int notFinite, int withData, Threshold perStep) {

  public static StepCompliance of(List<Sample> samples, Threshold perStep) {
    int compliant = 0;
    int notFinite = 0;
    for (Sample s : samples) {
      if (!s.isFinite()) notFinite++;
      else if (perStep.isMetBy(s.value())) compliant++;
    }
    return new StepCompliance(compliant, notFinite, samples.size(), perStep);
  }

  /** Compliant steps / steps with a sample; NaN when no step had one. */
  public double share() {
    return withData == 0 ? Double.NaN : compliant / (double) withData;
  }

  @Override
  public String toString() {
    return "%d of %d steps %s (%d without a finite value, counted as not compliant)"
        .formatted(compliant, withData, perStep, notFinite);
  }
}
