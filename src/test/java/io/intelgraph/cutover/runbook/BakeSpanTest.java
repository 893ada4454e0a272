package io.intelgraph.cutover.runbook;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.gate.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BakeSpanTest {

  @TempDir Path dir;
  final BakeSpan span = new BakeSpan("KPI watch", "kpi_window", env -> env.cadence().kpiWindow());

  @Test
  void anAttemptWithoutFullTrafficHasNoWindowAndSaysWhichPhaseToRun() {
    LineContext context = LineContexts.at(dir, null, Map.of());

    LineReport report = span.judge(context, window -> result(Outcome.PASS, window));

    assertThat(report)
        .failedWith(
            "the KPI watch window (cadence.kpi_window = PT24H) starts at full traffic",
            "has no 100 % traffic step in the ledger",
            "run the ramp (-Dgroups=ramp) first");
  }

  @Test
  void theWindowIsFixedAtTheFirstLineAndClippedAtFullTraffic() {
    LineContext first = LineContexts.at(dir, null, Map.of());
    LineContexts.fullTrafficAt(first, NOW.minus(Duration.ofHours(2)));
    AtomicReference<BakeWindow> seen = new AtomicReference<>();

    span.judge(first, window -> result(Outcome.PASS, seen.updateAndGet(w -> window)));
    LineContext later = LineContexts.at(dir, null, Map.of(), NOW.plus(Duration.ofMinutes(5)));
    LineReport second =
        span.judge(
            later,
            window -> {
              org.assertj.core.api.Assertions.assertThat(window).isSameAs(seen.get());
              return result(Outcome.PASS, window);
            });

    assertThat(second).passed();
    org.assertj.core.api.Assertions.assertThat(seen.get().start())
        .isEqualTo(NOW.minus(Duration.ofHours(2)));
    org.assertj.core.api.Assertions.assertThat(seen.get().end()).isEqualTo(NOW);
  }

  @Test
  void onlyAPassPassesAndTheResultIsTheEvidence() {
    LineContext context = LineContexts.at(dir, null, Map.of());
    LineContexts.fullTrafficAt(context, NOW.minus(Duration.ofDays(2)));

    LineReport lowSample = span.judge(context, window -> result(Outcome.LOW_SAMPLE, window));

    assertThat(lowSample).failedWith("Mutation success rate at " + NOW + ": LOW_SAMPLE");
    org.assertj.core.api.Assertions.assertThat(lowSample.evidence())
        .extracting(LineReport.Evidence::name)
        .containsExactly("Mutation success rate");
  }

  private static BakeResult result(Outcome outcome, BakeWindow window) {
    return new BakeResult(
        "Mutation success rate",
        outcome,
        OptionalDouble.of(0.999),
        Optional.empty(),
        window,
        Optional.empty(),
        "3 of 3000 failed",
        List.of("sum(increase(graphql_operations_total[86400s]))"),
        Instant.parse("2026-12-07T09:30:00Z"));
  }
}
