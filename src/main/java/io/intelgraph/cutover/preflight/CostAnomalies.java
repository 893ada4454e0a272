package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.preflight.KubecostCosts.CostPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Cost anomalies in a Kubecost series by a stated rule, since Kubecost documents no anomaly API to
 * read: a point is anomalous when its cost per hour is above {@code factor} times the median cost
 * per hour of the series (the median, so one spike cannot hide itself by raising the reference).
 * Fewer than {@value #MIN_POINTS} points is too little history to judge: an error, never "no
 * anomaly".
 *
 * <pre>{@code
 * CostAnomalies.Report r = CostAnomalies.find(days, CostPoint::totalCost, 2.0);
 * assertThat(r.anomalies()).as(r.describe()).isEmpty();
 * }</pre>
 */
public final class CostAnomalies {

  public static final int MIN_POINTS = 3;

  /** What was judged: the median rate, the limit and the points above it. */
  public record Report(
      String cost,
      double medianPerHour,
      double factor,
      List<CostPoint> points,
      List<CostPoint> anomalies) {
    public String describe() {
      return "%s per hour over %d sets: median $%.4f/h, limit %.1f x median = $%.4f/h; %s"
          .formatted(
              cost,
              points.size(),
              medianPerHour,
              factor,
              medianPerHour * factor,
              anomalies.isEmpty() ? "no set above it" : "above it: " + anomalies);
    }
  }

  private CostAnomalies() {}

  public static Report find(
      String cost, List<CostPoint> points, ToDoubleFunction<CostPoint> dollars, double factor) {
    if (!(factor > 1) || Double.isInfinite(factor))
      throw new IllegalArgumentException("the anomaly factor must be > 1, e.g. 2, got " + factor);
    if (points.size() < MIN_POINTS) {
      throw new PreflightException(
          "%s: Kubecost answered %d allocation sets, fewer than the %d a median needs; widen the window or shorten the step"
              .formatted(cost, points.size(), MIN_POINTS));
    }
    List<Double> rates =
        points.stream().map(p -> dollars.applyAsDouble(p) / p.hours()).sorted().toList();
    int n = rates.size();
    double median = n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    List<CostPoint> above = new ArrayList<>();
    for (CostPoint p : points) {
      if (dollars.applyAsDouble(p) / p.hours() > factor * median) above.add(p);
    }
    return new Report(cost, median, factor, points, List.copyOf(above));
  }
}
