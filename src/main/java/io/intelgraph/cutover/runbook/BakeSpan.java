package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * The window the KPI watch or the closeout judges its lines over: {@code cadence.<key>} long,
 * ending at the first line that asks for it and never starting before the attempt's first 100 %
 * traffic step. It is fixed once, so every line of one section describes the same time. An attempt
 * that never reached full traffic has no window: each line fails saying so.
 *
 * <pre>{@code
 * BakeSpan span = new BakeSpan("KPI watch", "kpi_window", env -> env.cadence().kpiWindow());
 * LineReport report = span.judge(context, window -> probe.ratio(line, good, all, target, window));
 * }</pre>
 */
public final class BakeSpan {

  private final String section;
  private final String key;
  private final Function<Environment, Duration> configured;
  private BakeWindow window;

  /**
   * @param section the runbook section, for messages ("KPI watch")
   * @param key the key under {@code cadence} that sets the window's length
   */
  public BakeSpan(String section, String key, Function<Environment, Duration> configured) {
    this.section = section;
    this.key = key;
    this.configured = configured;
  }

  /** The window, fixed at the first call, or the problem why there is none. */
  public synchronized Optional<BakeWindow> window(LineContext context, LineReport.Builder report) {
    if (window != null) return Optional.of(window);
    Ledger current = context.ledger().read();
    Duration length = configured.apply(context.environment());
    Optional<Instant> fullTraffic =
        current.traffic().stream()
            .filter(step -> step.canaryPercent() == 100)
            .map(TrafficStep::at)
            .min(Comparator.naturalOrder());
    if (fullTraffic.isEmpty()) {
      report.problem(
          "the %s window (cadence.%s = %s) starts at full traffic, but attempt %s has no 100 %%"
              + " traffic step in the ledger %s (steps: %s); run the ramp (-Dgroups=ramp) first",
          section,
          key,
          length,
          current.attemptId(),
          context.ledger().location(),
          current.traffic());
      return Optional.empty();
    }
    window = BakeWindow.trailing(length, fullTraffic.get(), context.now());
    return Optional.of(window);
  }

  /** Measures one line over the window and judges it: only {@code PASS} passes. */
  public LineReport judge(LineContext context, Function<BakeWindow, BakeResult> measure) {
    LineReport.Builder report = context.report();
    Optional<BakeWindow> over = window(context, report);
    return over.isEmpty() ? report.judged() : judged(report, measure.apply(over.get()));
  }

  /**
   * A bake result as a report: its whole description (outcome, value, target, window, coverage,
   * queries, time) is the evidence, and the problem when it did not pass.
   */
  public static LineReport judged(LineReport.Builder report, BakeResult result) {
    report.evidence(result.line(), result.describe());
    return report.problemIf(!result.passed(), "%s", result.describe()).judged();
  }
}
