package io.intelgraph.cutover.sandbox.prometheus;

import java.time.Duration;
import java.util.Locale;

/**
 * An error-budget burn-rate alerting rule on the API's 5xx ratio, as the Google SRE workbook writes
 * it (multiwindow, multi-burn-rate alerts: https://sre.google/workbook/alerting-on-slos/): page
 * when the budget burns {@code factor} times too fast over both a long window and a short one (the
 * short one lets the alert stop soon after the errors stop). Production's page rule is 14.4x over
 * 1h and 5m, for 2m; the sandbox compresses the windows like its rate window, never the factor or
 * the SLO.
 *
 * <pre>
 * {@code PrometheusServer.builder().rules("burn-rate.yml", BurnRateRules.SANDBOX.render()).start();}
 * </pre>
 *
 * @param alert the alert's name, e.g. {@code ApiErrorBudgetBurnRatePage}
 * @param slo the availability objective, e.g. 0.999 (error budget 0.1 %)
 * @param factor the burn rate that pages, e.g. 14.4 (2 % of a 30-day budget in one hour)
 */
public record BurnRateRules(
    String alert,
    String job,
    double slo,
    double factor,
    Duration longWindow,
    Duration shortWindow,
    Duration pendingFor) {

  /**
   * The sandbox's: production's windows divided by 20 (its rate window is 15 s for production's 5
   * m), so a canary answering 30 % 5xx at full traffic pages within ~20 s, while a brief spike (8 s
   * at 40 % canary) does not outlast the 6 s {@code for} by two gate checks.
   */
  public static final BurnRateRules SANDBOX =
      new BurnRateRules(
          "ApiErrorBudgetBurnRatePage",
          "intelgraph-api",
          0.999,
          14.4,
          Duration.ofMinutes(3),
          Duration.ofSeconds(15),
          Duration.ofSeconds(6));

  public BurnRateRules {
    if (!(slo > 0 && slo < 1))
      throw new IllegalArgumentException(
          "slo must be a ratio between 0 and 1, e.g. 0.999, got " + slo);
    if (!(factor > 1))
      throw new IllegalArgumentException(
          "burn-rate factor must exceed 1, e.g. 14.4, got " + factor);
    if (shortWindow.compareTo(longWindow) >= 0) {
      throw new IllegalArgumentException(
          "short window %s must be shorter than the long window %s"
              .formatted(shortWindow, longWindow));
    }
  }

  /** The rule file, in Prometheus' rule-file format. */
  public String render() {
    // 1 - 0.999 in binary floating point is 0.0010000000000000009; the rule should read 0.001
    String budget =
        java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(slo)).toPlainString();
    String limit = String.format(Locale.ROOT, "%s * %s", factor, budget);
    return """
        groups:
          - name: slo-burn-rate
            rules:
              - alert: %1$s
                expr: |
                  (sum(rate(http_requests_total{job="%2$s",status_code=~"5.."}[%3$s])) / sum(rate(http_requests_total{job="%2$s"}[%3$s]))) > (%5$s)
                  and
                  (sum(rate(http_requests_total{job="%2$s",status_code=~"5.."}[%4$s])) / sum(rate(http_requests_total{job="%2$s"}[%4$s]))) > (%5$s)
                for: %6$s
                labels:
                  severity: page
                annotations:
                  summary: the API burns its error budget %7$sx too fast over %3$s and %4$s
        """
        .formatted(
            alert,
            job,
            seconds(longWindow),
            seconds(shortWindow),
            limit,
            seconds(pendingFor),
            String.format(Locale.ROOT, "%s", factor));
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }
}
