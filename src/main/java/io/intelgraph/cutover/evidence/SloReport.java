package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.StepCompliance;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * The SLO report of the evidence ({@code slo_report.json}): per series its samples, maximum, mean,
 * last value, how many samples broke the threshold and the share of steps within it, judged by the
 * SLO reports' compliance rule ({@link StepCompliance}, {@code slo.compliance_min}): a series is
 * compliant when at least that share of its steps met the threshold, a step without a finite value
 * counting as not within. {@code compliant} is true only with data in every series and every series
 * compliant: no data is never compliant.
 *
 * <pre>{@code
 * evidence.attach("slo_report", "application/json", SloReport.json(data, Threshold.parse(">= 99%")));
 * }</pre>
 */
public final class SloReport {

  /** The report as a value; {@link #json} writes it. */
  public record Report(
      String release,
      Optional<Instant> from,
      Optional<Instant> to,
      boolean compliant,
      String rule,
      Slo p95Latency,
      Slo errorRatio,
      List<RampMark> rampSteps) {}

  /**
   * One SLO: its unit, threshold (a sample passes when {@code <=} it) and series.
   *
   * @param judgedBy which series decide {@code compliant}, e.g. "track all"
   */
  public record Slo(
      String unit, double threshold, boolean compliant, String judgedBy, List<Series> series) {

    /** The series that decide {@code compliant}. */
    public List<Series> judged() {
      List<Series> all =
          series.stream().filter(s -> JUDGED_TRACK.equals(s.labels().get("track"))).toList();
      return all.isEmpty() ? series : all;
    }
  }

  /** The {@code track} label of the series that is judged when present: all traffic. */
  public static final String JUDGED_TRACK = "all";

  /**
   * One series in the SLO's unit.
   *
   * @param within the steps whose value met the threshold
   * @param compliance the rule's figures for this series, e.g. "99.50 % (199 of 200 steps ...),
   *     needs >= 99 %"
   */
  public record Series(
      Map<String, String> labels,
      int samples,
      Optional<Double> max,
      Optional<Double> mean,
      Optional<Double> last,
      int aboveThreshold,
      int within,
      boolean compliant,
      String compliance,
      List<List<Object>> points) {}

  private SloReport() {}

  /** The report of these data, judged by {@code complianceMin} (e.g. {@code >= 99%}). */
  public static Report of(SloData data, Threshold complianceMin) {
    Slo p95 =
        slo(
            "ms",
            data.p95Threshold().toNanos() / 1e6,
            new Threshold(Comparison.AT_MOST, data.p95Threshold().toNanos() / 1e9, Unit.SECONDS),
            complianceMin,
            data.p95(),
            v -> v * 1000);
    Slo errors =
        slo(
            "ratio",
            data.errorRatioThreshold(),
            new Threshold(Comparison.AT_MOST, data.errorRatioThreshold(), Unit.RATIO),
            complianceMin,
            data.errorRatio(),
            v -> v);
    return new Report(
        data.release(),
        data.from(),
        data.to(),
        p95.compliant() && errors.compliant(),
        "%s of steps within the SLO".formatted(complianceMin),
        p95,
        errors,
        data.ramp());
  }

  /** The report as indented JSON with snake_case keys. */
  public static String json(SloData data, Threshold complianceMin) {
    return JsonMappers.SNAKE_CASE.writeValueAsString(of(data, complianceMin));
  }

  private static Slo slo(
      String unit,
      double threshold,
      Threshold perStep,
      Threshold complianceMin,
      List<RangeSeries> series,
      DoubleUnaryOperator scale) {
    List<Series> out =
        series.stream()
            .map(
                s -> {
                  double[] raw =
                      s.points().stream().mapToDouble(RangeSeries.Point::value).toArray();
                  StepCompliance compliance = StepCompliance.ofValues(raw, perStep);
                  double[] values =
                      java.util.Arrays.stream(raw).map(scale::applyAsDouble).toArray();
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
                      compliance.compliant(),
                      compliance.meets(complianceMin),
                      compliance.against(complianceMin),
                      points);
                })
            .toList();
    boolean anyAll = out.stream().anyMatch(x -> JUDGED_TRACK.equals(x.labels().get("track")));
    Slo slo = new Slo(unit, threshold, false, anyAll ? "track all" : "every series", out);
    List<Series> judged = slo.judged();
    boolean compliant = !judged.isEmpty() && judged.stream().allMatch(Series::compliant);
    return new Slo(unit, threshold, compliant, slo.judgedBy(), out);
  }
}
