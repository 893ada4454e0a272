package io.intelgraph.cutover.runbook.canary;

import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.golden.SamplingReport;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The golden transactions (OIDC login, entity write, 3-hop query, subscription) through the public
 * API, judged on the canary: each must be served by the canary {@code goldens.samples} times
 * ({@link GoldenSuite#canary()}). One line runs one of them (T-0) or all four (a ramp step); every
 * failed journey is a problem, with its runs, errors, latencies and first failure, and each
 * journey's timings table is evidence.
 *
 * <pre>{@code
 * GoldenTransactions.one(() -> goldens, GoldenSuite::entityWrite).run(context);
 * }</pre>
 */
public final class GoldenTransactions implements RunbookLine {

  private final List<Supplier<SamplingReport>> journeys;

  /** Each journey sampled when the line runs, in order. */
  GoldenTransactions(List<Supplier<SamplingReport>> journeys) {
    this.journeys = List.copyOf(journeys);
  }

  /** One journey, judged on the canary. */
  public static GoldenTransactions one(
      Supplier<GoldenSuite> goldens, Function<GoldenSuite, SamplingReport> journey) {
    return new GoldenTransactions(List.of(onCanary(goldens, journey)));
  }

  /** All four journeys, judged on the canary: a ramp step does not advance on a failed one. */
  public static GoldenTransactions all(Supplier<GoldenSuite> goldens) {
    return new GoldenTransactions(
        List.of(
            onCanary(goldens, GoldenSuite::oidcLogin),
            onCanary(goldens, GoldenSuite::entityWrite),
            onCanary(goldens, GoldenSuite::graphQuery),
            onCanary(goldens, GoldenSuite::subscription)));
  }

  private static Supplier<SamplingReport> onCanary(
      Supplier<GoldenSuite> goldens, Function<GoldenSuite, SamplingReport> journey) {
    Objects.requireNonNull(goldens, "goldens");
    return () -> journey.apply(goldens.get().canary());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    for (Supplier<SamplingReport> journey : journeys) {
      SamplingReport sampled = journey.get();
      report.evidence(sampled.golden() + " timings", sampled.toTable());
      report.problemIf(
          !sampled.passed(), "golden %s failed: %s", sampled.golden(), sampled.summary());
    }
    return report.judged();
  }

  /** The suite built on first use and kept: it logs in once per tenant and keeps the tokens. */
  public static <T> Supplier<T> once(Supplier<T> build) {
    return new Supplier<>() {
      private T suite;

      @Override
      public synchronized T get() {
        if (suite == null) suite = build.get();
        return suite;
      }
    };
  }
}
