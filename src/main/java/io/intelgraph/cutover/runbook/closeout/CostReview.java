package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.config.Closeout;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.CostAnomalies;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.preflight.KubecostCosts;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The closeout's "Cost baseline vs. actual", all from Kubecost ({@code endpoints.cost}): the
 * monthly trend against the projection, the request right-sizing recommendations, and cost
 * anomalies. A Kubecost that does not answer, or answers malformed, fails the line naming it.
 *
 * <pre>{@code
 * assertThat(CostReview.costAnomalies().run(context)).passed();
 * }</pre>
 */
public final class CostReview {

  private CostReview() {}

  /**
   * Kubecost's allocation of the namespace over its last hour x 730 h (an average month) against
   * {@code closeout.projected_monthly_cost}: the trend, not a month's bill.
   */
  public static RunbookLine projectedMonthlyVsActualTrend() {
    return context ->
        kubecost(
            context,
            env -> {
              CostProbe.CostRate rate =
                  new CostProbe(env.endpoints().cost(), env.preflight().timeout())
                      .rate(env.cluster().namespace());
              double trend = rate.dollarsPerHour() * 730;
              double projected = env.closeout().projectedMonthlyCost();
              String figures =
                  ("actual trend at %s: $%.0f/month (= $%.2f/h x 730 h, %s) vs projected"
                          + " $%.0f/month (closeout.projected_monthly_cost)")
                      .formatted(context.now(), trend, rate.dollarsPerHour(), rate, projected);
              return context
                  .report()
                  .evidence("Monthly cost trend", figures)
                  .problemIf(!(trend <= projected), "over the projection: %s", figures)
                  .judged();
            });
  }

  /**
   * Kubecost's container request right-sizing ({@code /model/savings/requestSizingV2}) for the
   * namespace over {@code closeout.right_sizing_window}: passes when Kubecost answered well-formed
   * recommendations (none is an answer too: nothing to right-size), attached with their monthly
   * savings for the review.
   */
  public static RunbookLine resourceOptimization() {
    return context ->
        kubecost(
            context,
            env -> {
              List<KubecostCosts.Recommendation> recommendations =
                  new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
                      .requestSizing(env.cluster().namespace(), env.closeout().rightSizingWindow());
              double savings =
                  recommendations.stream()
                      .mapToDouble(KubecostCosts.Recommendation::monthlySavings)
                      .sum();
              String text =
                  "%d recommendations for namespace %s, $%.2f/month in total:%n%s"
                      .formatted(
                          recommendations.size(),
                          env.cluster().namespace(),
                          savings,
                          recommendations.stream()
                              .map(r -> "  " + r)
                              .collect(Collectors.joining("\n")));
              return context
                  .report()
                  .evidence("Kubecost right-sizing recommendations", text)
                  .problemIf(
                      !Double.isFinite(savings),
                      "total monthly savings of Kubecost's recommendations at %s is not a number:"
                          + " %s",
                      context.now(),
                      text)
                  .judged();
            });
  }

  /**
   * Kubecost's cost of the namespace per {@code closeout.cost_anomaly_step} over {@code
   * closeout.cost_anomaly_window}; a step costing more per hour than {@code cost_anomaly_factor} x
   * the median is an anomaly.
   */
  public static RunbookLine costAnomalies() {
    return context ->
        kubecost(
            context,
            env -> {
              Closeout closeout = env.closeout();
              List<KubecostCosts.CostPoint> points =
                  new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
                      .series(
                          env.cluster().namespace(),
                          closeout.costAnomalyWindow(),
                          closeout.costAnomalyStep());
              CostAnomalies.Report report =
                  CostAnomalies.find(
                      "total cost of namespace " + env.cluster().namespace(),
                      points,
                      KubecostCosts.CostPoint::totalCost,
                      closeout.costAnomalyFactor());
              return context
                  .report()
                  .evidence("Kubecost cost series", report.describe())
                  .problemIf(
                      !report.anomalies().isEmpty(),
                      "cost anomalies at %s: %s",
                      context.now(),
                      report.describe())
                  .judged();
            });
  }

  private static LineReport kubecost(LineContext context, Function<Environment, LineReport> line) {
    try {
      return line.apply(context.environment());
    } catch (PreflightException e) {
      return context.report().problem("Kubecost at %s: %s", context.now(), e.getMessage()).judged();
    }
  }
}
