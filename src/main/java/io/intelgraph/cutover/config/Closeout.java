package io.intelgraph.cutover.config;

import java.time.Duration;

/**
 * The day-3 closeout's 72-hour bake report, judged over {@code cadence.closeout_window} after full
 * traffic.
 *
 * @param minCoverage the share of the window that must hold data, e.g. 0.9; less is NO_DATA, never
 *     a pass
 * @param minTraffic requests behind the availability and error-budget ratios; fewer is LOW_SAMPLE
 * @param availability 1 - 5xx ratio over the window, runbook "> 99.9%"; its limit is also the SLO
 *     of the error budget
 * @param p95Latency the p95 each step of the window must meet, runbook "≤ 350ms"
 * @param errorBudgetPeriod the SLO period the error budget is spent over, e.g. 30d
 * @param maxErrorBudgetBurn the share of the period's budget the window may spend, runbook "< 20%"
 * @param projectedMonthlyCost the runbook's projected monthly cost in dollars, compared with
 *     Kubecost's rate x 730 h
 * @param approvals the signed go-live approvals the release needs, one per role
 * @param drRunbook the disaster recovery runbook's age limits and the restore drill's
 * @param requests the counter selector of all API requests
 * @param goodRequests the requests that count as available (not 5xx)
 * @param badRequests the requests that spend the error budget (5xx)
 * @param latencyBucket the request latency histogram's bucket selector
 * @param latencyCount the same histogram's {@code _count} selector
 * @param costAnomalyWindow the history Kubecost's daily cost of the namespace is read over for
 *     anomalies, e.g. 7d
 * @param costAnomalyStep the length of one point of that history, e.g. 1d (whole minutes)
 * @param costAnomalyFactor a point costing more per hour than this times the history's median is an
 *     anomaly, e.g. 2
 * @param rightSizingWindow the usage history Kubecost's request right-sizing recommendations are
 *     computed over, e.g. 3d
 */
public record Closeout(
    double minCoverage,
    double minTraffic,
    Threshold availability,
    Threshold p95Latency,
    Duration errorBudgetPeriod,
    Threshold maxErrorBudgetBurn,
    double projectedMonthlyCost,
    Approvals approvals,
    DrRunbook drRunbook,
    String requests,
    String goodRequests,
    String badRequests,
    String latencyBucket,
    String latencyCount,
    Duration costAnomalyWindow,
    Duration costAnomalyStep,
    double costAnomalyFactor,
    Duration rightSizingWindow) {

  public Closeout {
    if (!(minCoverage > 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException(
          "min_coverage must be a ratio in (0, 1], e.g. 0.9, got " + minCoverage);
    }
    if (!(minTraffic >= 0) || Double.isInfinite(minTraffic))
      throw new IllegalArgumentException("min_traffic must be >= 0, got " + minTraffic);
    Kpi.requireRatio("availability", availability);
    if (!(availability.limit() > 0 && availability.limit() < 1)) {
      throw new IllegalArgumentException(
          "availability must be between 0% and 100%, e.g. '> 99.9%', got '%s'"
              .formatted(availability));
    }
    if (p95Latency.unit() != Unit.SECONDS) {
      throw new IllegalArgumentException(
          "p95_latency must be a duration, e.g. '<= 350ms', got '%s'".formatted(p95Latency));
    }
    Kpi.requireRatio("max_error_budget_burn", maxErrorBudgetBurn);
    if (errorBudgetPeriod.isZero() || errorBudgetPeriod.isNegative()) {
      throw new IllegalArgumentException(
          "error_budget_period must be positive, e.g. 30d, got " + errorBudgetPeriod);
    }
    if (!(projectedMonthlyCost > 0) || Double.isInfinite(projectedMonthlyCost)) {
      throw new IllegalArgumentException(
          "projected_monthly_cost must be a positive number of dollars, e.g. 18000, got "
              + projectedMonthlyCost);
    }
    requireMetric("requests", requests);
    requireMetric("good_requests", goodRequests);
    requireMetric("bad_requests", badRequests);
    requireMetric("latency_bucket", latencyBucket);
    requireMetric("latency_count", latencyCount);
    if (!(costAnomalyFactor > 1) || Double.isInfinite(costAnomalyFactor)) {
      throw new IllegalArgumentException(
          "cost_anomaly_factor must be a number > 1, e.g. 2, got " + costAnomalyFactor);
    }
    if (costAnomalyStep.toMinutes() < 1
        || costAnomalyWindow.compareTo(costAnomalyStep.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "cost_anomaly_window (%s) must hold at least 3 cost_anomaly_step (%s) of whole minutes, e.g. 7d and 1d"
              .formatted(costAnomalyWindow, costAnomalyStep));
    }
    if (rightSizingWindow.toMinutes() < 1)
      throw new IllegalArgumentException(
          "right_sizing_window must be at least 1m, e.g. 3d, got " + rightSizingWindow);
  }

  /** A blank metric selector stops the configuration with the key. */
  private static void requireMetric(String key, String value) {
    if (value.isBlank())
      throw new IllegalArgumentException(
          key + " is empty; give the metric selector (see defaults.yaml for the built-in one)");
  }

  /** The SLO the error budget derives from: the availability target's limit, e.g. 0.999. */
  public double slo() {
    return availability.limit();
  }
}
