package io.intelgraph.cutover.bake;

import java.time.Duration;

/**
 * The share of an SLO period's error budget a window spent. The budget is the {@code 1 - slo} share
 * of the period's requests; a window that saw an error ratio {@code e} for {@code window} spent
 * {@code (e / (1 - slo)) x (window / period)} of it, assuming the period's traffic rate is the
 * window's (so the share of requests equals the share of time).
 *
 * <pre>{@code
 * new ErrorBudget(12, 48_000, Duration.ofHours(72), 0.999, Duration.ofDays(30)).burn() // 0.025 = 2.5 %
 * }</pre>
 *
 * @param bad requests that spent budget (5xx) in the window
 * @param total all requests in the window
 */
public record ErrorBudget(double bad, double total, Duration window, double slo, Duration period) {

  public ErrorBudget {
    if (!(total > 0) || Double.isInfinite(total))
      throw new IllegalArgumentException("total requests must be positive, got " + total);
    if (!(bad >= 0) || bad > total)
      throw new IllegalArgumentException(
          "bad requests must be within 0..%s, got %s".formatted(total, bad));
    if (!(slo > 0 && slo < 1))
      throw new IllegalArgumentException("slo must be a ratio in (0, 1), got " + slo);
    if (window.isZero() || window.isNegative() || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException(
          "window %s and period %s must be positive".formatted(window, period));
    }
  }

  public double errorRatio() {
    return bad / total;
  }

  /** The error ratio the SLO allows: {@code 1 - slo}. */
  public double allowedRatio() {
    return 1 - slo;
  }

  /** The window's share of the period. */
  public double periodShare() {
    return window.toMillis() / (double) period.toMillis();
  }

  /** The share of the period's budget the window spent. */
  public double burn() {
    return errorRatio() / allowedRatio() * periodShare();
  }

  /** The arithmetic, so a person can recompute it. */
  public String arithmetic() {
    return ("%s bad of %s requests = %s error ratio; the %s SLO allows %s over %s; the window is %s = %s of the period;"
            + " burn = (%s / %s) x %s = %s of the period's error budget")
        .formatted(
            count(bad),
            count(total),
            pct(errorRatio()),
            pct(slo),
            pct(allowedRatio()),
            BakeWindow.human(period),
            BakeWindow.human(window),
            pct(periodShare()),
            pct(errorRatio()),
            pct(allowedRatio()),
            pct(periodShare()),
            pct(burn()));
  }

  private static String count(double n) {
    return String.format(java.util.Locale.ROOT, "%.0f", n);
  }

  private static String pct(double ratio) {
    return String.format(java.util.Locale.ROOT, "%.4g %%", ratio * 100)
        .replaceAll("\\.?0+ %", " %");
  }
}
