package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The latencies of one measurement of a golden over a sampling run, with nearest-rank percentiles
 * and its p95 target.
 *
 * <pre>{@code
 * LatencySample write = report.metric(EntityWriteGolden.METRIC);
 * assertThat(write.meetsTarget()).as("%s", write).isTrue();
 * }</pre>
 *
 * @param values the measured durations of the runs that passed, in run order
 */
public record LatencySample(String metric, List<Duration> values, Duration target) {

  public LatencySample {
    Objects.requireNonNull(metric, "metric");
    values = List.copyOf(values);
    if (target.isZero() || target.isNegative())
      throw new IllegalArgumentException("target must be above 0, got " + target);
  }

  public int count() {
    return values.size();
  }

  public Duration p50() {
    return percentile(50);
  }

  public Duration p95() {
    return percentile(95);
  }

  public Duration max() {
    return values.stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** Nearest rank: the smallest value with at least {@code p} % of the values at or below it. */
  public Duration percentile(double p) {
    if (!(p > 0 && p <= 100))
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    if (values.isEmpty())
      throw new IllegalStateException(
          "no " + metric + " value was measured: every run failed before it");
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  /** True when something was measured and its p95 is at most the target. */
  public boolean meetsTarget() {
    return !values.isEmpty() && p95().compareTo(target) <= 0;
  }

  @Override
  public String toString() {
    if (values.isEmpty())
      return "%s: no values (target p95 <= %d ms)".formatted(metric, target.toMillis());
    return "%s: n=%d p50=%d ms p95=%d ms max=%d ms, target p95 <= %d ms: %s"
        .formatted(
            metric,
            count(),
            p50().toMillis(),
            p95().toMillis(),
            max().toMillis(),
            target.toMillis(),
            meetsTarget() ? "met" : "MISSED");
  }
}
