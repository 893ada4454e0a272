package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * The SLO report of the evidence ({@code slo_report.json}): per series its samples, maximum, mean,
 * last value and how many samples broke the threshold, so a reader can check the chart's claim.
 * {@code compliant} is true only with data in every series and no sample above its threshold: no
 * data is never compliant.
 *
 * <pre>{@code
 * evidence.attach("slo_report", "application/json", SloReport.json(data));
 * }</pre>
 */
public final class SloReport {

  /** The report as a value; {@link #json} writes it. */
  public record Report(
      String release,
      Optional<Instant> from,
      Optional<Instant> to,
      boolean compliant,
      Slo p95Latency,
      Slo errorRatio,
      List<RampMark> rampSteps) {}

  /** One SLO: its unit, threshold (a sample passes when {@code <=} it) and series. */
  public record Slo(String unit, double threshold, boolean compliant, List<Series> series) {}

  /** One series in the SLO's unit. */
  public record Series(
      Map<String, String> labels,
      int samples,
      Optional<Double> max,
      Optional<Double> mean,
      Optional<Double> last,
      int aboveThreshold,
      List<List<Object>> points) {}

  private SloReport() {}

  /** The report of these data. */
  public static Report of(SloData data) {
    Slo p95 = slo("ms", data.p95Threshold().toNanos() / 1e6, data.p95(), v -> v * 1000);
    Slo errors = slo("ratio", data.errorRatioThreshold(), data.errorRatio(), v -> v);
    return new Report(
        data.release(),
        data.from(),
        data.to(),
        p95.compliant() && errors.compliant(),
        p95,
        errors,
        data.ramp());
  }

  /** The report as indented JSON with snake_case keys. */
  public static String json(SloData data) {
    return JsonMappers.SNAKE_CASE.writeValueAsString(of(data));
  }

  private static Slo slo(
      String unit, double threshold, List<RangeSeries> series, DoubleUnaryOperator scale) {
    List<Series> out =
        series.stream()
            .map(
                s -> {
                  double[] values =
                      s.points().stream()
                          .mapToDouble(p -> scale.applyAsDouble(p.value()))
                          .toArray();
                  int above = 0;
                  double max = Double.NEGATIVE_INFINITY;
                  double sum = 0;
                  for (double v : values) {
                    if (v > threshold) above++;
                    max = Math.max(max, v);
                    sum += v;
                  }
                  List<List<Object>> points =
                      s.points().stream()
                          .map(
                              p ->
                                  List.<Object>of(
                                      p.at().toString(), scale.applyAsDouble(p.value())))
                          .toList();
                  boolean empty = values.length == 0;
                  return new Series(
                      s.labels(),
                      values.length,
                      empty ? Optional.empty() : Optional.of(max),
                      empty ? Optional.empty() : Optional.of(sum / values.length),
                      empty ? Optional.empty() : Optional.of(values[values.length - 1]),
                      above,
                      points);
                })
            .toList();
    boolean compliant =
        !out.isEmpty() && out.stream().allMatch(s -> s.samples() > 0 && s.aboveThreshold() == 0);
    return new Slo(unit, threshold, compliant, out);
  }
}
