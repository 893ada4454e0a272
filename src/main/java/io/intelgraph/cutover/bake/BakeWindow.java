package io.intelgraph.cutover.bake;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The stretch of time a KPI or closeout line is judged over: it ends at {@code end} (now) and
 * starts {@code configured} earlier, but never before full traffic, so pre-cutover traffic is never
 * counted. A clipped window is shorter than configured, and its {@link Coverage} says so.
 *
 * <pre>{@code
 * BakeWindow window = BakeWindow.trailing(Duration.ofHours(24), fullTrafficAt, Instant.now());
 * String promql = "sum(increase(http_requests_total[" + window.range() + "]))";
 * }</pre>
 *
 * @param configured the runbook's window as configured, e.g. 24h ({@code cadence.kpi_window})
 * @param fullTraffic when the canary took 100 % of traffic (the ledger's first 100 % step)
 */
public record BakeWindow(Duration configured, Instant start, Instant end, Instant fullTraffic) {

  public BakeWindow {
    Objects.requireNonNull(configured, "configured window");
    Objects.requireNonNull(start, "window start");
    Objects.requireNonNull(end, "window end");
    Objects.requireNonNull(fullTraffic, "full traffic time");
    if (configured.isZero() || configured.isNegative())
      throw new IllegalArgumentException("window must be positive, got " + configured);
    if (end.isBefore(start))
      throw new IllegalArgumentException(
          "window end %s is before its start %s".formatted(end, start));
  }

  /** The window ending {@code now}: {@code configured} long, clipped at {@code fullTraffic}. */
  public static BakeWindow trailing(Duration configured, Instant fullTraffic, Instant now) {
    Instant start = now.minus(configured);
    if (fullTraffic.isAfter(start)) start = fullTraffic.isAfter(now) ? now : fullTraffic;
    return new BakeWindow(configured, start, now, fullTraffic);
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /**
   * True when full traffic is younger than the configured window, so the window starts at full
   * traffic.
   */
  public boolean clipped() {
    return start.equals(fullTraffic) && length().compareTo(configured) < 0;
  }

  /** The window as a PromQL range, whole seconds, at least 1s: {@code 86400s}. */
  public String range() {
    return Math.max(1, length().toSeconds()) + "s";
  }

  /**
   * The step of a range query over the window: {@code configured / maxSteps}, never finer than
   * {@code finest}.
   */
  public Duration step(Duration finest, int maxSteps) {
    Duration step = configured.dividedBy(maxSteps);
    return step.compareTo(finest) < 0 ? finest : step;
  }

  @Override
  public String toString() {
    return "%s..%s (%s of the configured %s%s)"
        .formatted(
            start,
            end,
            human(length()),
            human(configured),
            clipped() ? "; starts at full traffic " + fullTraffic : "");
  }

  static String human(Duration d) {
    if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) return d.toHours() + " h";
    if (d.toMillis() % 60_000 == 0 && !d.isZero()) return d.toMinutes() + " min";
    return d.toSeconds() + " s";
  }
}
