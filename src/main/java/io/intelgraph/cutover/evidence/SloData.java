package io.intelgraph.cutover.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the SLO chart and the SLO report are drawn from: the p95 latency and error ratio over the
 * cutover window, their thresholds and the ramp steps.
 *
 * <pre>{@code
 * SloData data = SloData.parse("v1.0.0-GA", p95RangeJson, errorRatioRangeJson,
 *     Duration.ofMillis(350), 0.01, List.of(new RampMark(t40, 40), new RampMark(t60, 60)));
 * byte[] png = SloChart.png(data, 1280, 900);
 * String report = SloReport.json(data);
 * }</pre>
 *
 * @param p95 latency series, values in seconds (as Prometheus answers)
 * @param errorRatio error-ratio series, values as ratios (0.01 is 1 %)
 */
public record SloData(
    String release,
    List<RangeSeries> p95,
    List<RangeSeries> errorRatio,
    Duration p95Threshold,
    double errorRatioThreshold,
    List<RampMark> ramp) {

  public SloData {
    if (release == null || release.isBlank())
      throw new IllegalArgumentException("SLO data needs the release tag");
    if (p95Threshold.isNegative() || p95Threshold.isZero()) {
      throw new IllegalArgumentException(
          "p95 threshold %s must be positive, e.g. 350ms".formatted(p95Threshold));
    }
    if (!(errorRatioThreshold > 0 && errorRatioThreshold < 1)) {
      throw new IllegalArgumentException(
          "error-ratio threshold %s must be a ratio between 0 and 1, e.g. 0.01 for 1 %%"
              .formatted(errorRatioThreshold));
    }
    p95 = List.copyOf(p95);
    errorRatio = List.copyOf(errorRatio);
    ramp = ramp.stream().sorted(Comparator.comparing(RampMark::at)).toList();
  }

  /** Parses both range answers strictly (see {@link RangeSeries#parse}). */
  public static SloData parse(
      String release,
      String p95RangeJson,
      String errorRatioRangeJson,
      Duration p95Threshold,
      double errorRatioThreshold,
      List<RampMark> ramp) {
    return new SloData(
        release,
        RangeSeries.parse("p95 latency", p95RangeJson),
        RangeSeries.parse("error ratio", errorRatioRangeJson),
        p95Threshold,
        errorRatioThreshold,
        ramp);
  }

  /** The earliest sample or ramp step. */
  public Optional<Instant> from() {
    return instants().min(Comparator.naturalOrder());
  }

  /** The latest sample or ramp step. */
  public Optional<Instant> to() {
    return instants().max(Comparator.naturalOrder());
  }

  private Stream<Instant> instants() {
    return Stream.concat(
        Stream.concat(p95.stream(), errorRatio.stream())
            .flatMap(s -> s.points().stream())
            .map(RangeSeries.Point::at),
        ramp.stream().map(RampMark::at));
  }
}
