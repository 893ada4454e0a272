package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.Sample;
import java.util.List;
import java.util.Locale;

/**
 * The SLO reports' compliance rule ({@code slo.compliance_min}): the share of a range query's steps
 * whose value meets {@code perStep}, judged against the share a report needs. One rule for the
 * T+120 SLO report and the closeout's p95 compliance. A step whose value is NaN or infinite (no
 * traffic in its rate window, or beyond the largest bucket) had a sample but is not compliant: an
 * unknown latency is never counted as good time. Steps without a sample are not in the share (the
 * closeout's coverage accounts for them); no step at all is never compliant.
 *
 * <pre>{@code
 * StepCompliance c = StepCompliance.of(series.samples(), Threshold.parse("<= 350ms"));
 * c.share(); // 0.994
 * c.meets(Threshold.parse(">= 99%")); // true
 * }</pre>
 */
public record StepCompliance(int compliant, int notFinite, int withData, Threshold perStep) {

  public static StepCompliance of(List<Sample> samples, Threshold perStep) {
    return ofValues(samples.stream().mapToDouble(Sample::value).toArray(), perStep);
  }

  /** The same rule over bare step values, in the threshold's base unit (seconds, ratios). */
  public static StepCompliance ofValues(double[] values, Threshold perStep) {
    int compliant = 0;
    int notFinite = 0;
    for (double v : values) {
      if (!Double.isFinite(v)) notFinite++;
      else if (perStep.isMetBy(v)) compliant++;
    }
    return new StepCompliance(compliant, notFinite, values.length, perStep);
  }

  /** Compliant steps / steps with a sample; NaN when no step had one. */
  public double share() {
    return withData == 0 ? Double.NaN : compliant / (double) withData;
  }

  /** Whether the share meets {@code minimum} (e.g. {@code >= 99%}); no data never does. */
  public boolean meets(Threshold minimum) {
    return withData > 0 && minimum.isMetBy(share());
  }

  /** "99.4 % (994 of 1000 steps <= 350 ms ...), needs >= 99 %": the figures behind a verdict. */
  public String against(Threshold minimum) {
    return withData == 0
        ? "no steps with data, so no share (needs %s)".formatted(minimum)
        : "%s %% (%s), needs %s"
            .formatted(String.format(Locale.ROOT, "%.2f", share() * 100), this, minimum);
  }

  @Override
  public String toString() {
    return "%d of %d steps %s (%d without a finite value, counted as not compliant)"
        .formatted(compliant, withData, perStep, notFinite);
  }
}
