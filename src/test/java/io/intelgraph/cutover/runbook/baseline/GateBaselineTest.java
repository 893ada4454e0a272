package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.evaluation;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateBaselineTest {

  @TempDir Path dir;

  final List<String> asked = new ArrayList<>();

  /**
   * Answers every gate with {@code e}, noting the scope and whether the baseline was being taken.
   */
  private GateReadings answering(GateEvaluation e) {
    return (context, scope, names, baselines) -> {
      asked.add(scope + " " + names + " " + baselines.beingTaken());
      return List.of(e);
    };
  }

  @Test
  void aPassingMeasurementOnStableIsRecordedWithItsRateWindowAndPasses() {
    LineContext context = LineContexts.at(dir, Map.of());

    LineReport report =
        new GateBaseline(
                "api_p95", answering(evaluation("api_p95", Outcome.PASS, 0.21, "<= 350ms")))
            .run(context);

    assertThat(report).passed();
    assertThat(asked).containsExactly(Scope.STABLE + " [api_p95] true");
    Baseline recorded = context.ledger().read().baselines().get("api_p95");
    assertThat(recorded.value()).isEqualTo(0.21);
    assertThat(recorded.unit()).isEqualTo("s");
    assertThat(recorded.query()).isEqualTo("query_of_api_p95");
    assertThat(recorded.window()).contains(context.environment().cadence().rateWindow());
    assertThat(report.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.name()).isEqualTo("Baseline api_p95");
              // prod.example sets max_above_baseline: 20% on api_p95
              assertThat(e.text())
                  .contains("api_p95 baseline 210 ms on the stable track", "<= 252 ms");
            });
  }

  @Test
  void aBreachIsStillTheBaselineButTheLineMissesItsTarget() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(
            new GateBaseline(
                    "api_p95", answering(evaluation("api_p95", Outcome.BREACH, 0.4, "<= 350ms")))
                .run(context))
        .failedWith("api_p95 baseline misses its target: api_p95 (stable)", "BREACH");
    assertThat(context.ledger().read().baselines()).containsKey("api_p95");
  }

  @Test
  void noDataIsNeverABaselineAndNothingIsRecorded() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(
            new GateBaseline(
                    "api_p95", answering(evaluation("api_p95", Outcome.NO_DATA, null, "<= 350ms")))
                .run(context))
        .failedWith(
            "no api_p95 baseline: api_p95 (stable)",
            "NO_DATA",
            "a missing measurement is never a baseline");
    assertThat(context.ledger().read().baselines()).isEmpty();
  }

  @Test
  void aPrometheusThatCannotBeAskedFailsWithItsReason() {
    LineContext context = LineContexts.at(dir, Map.of());
    GateReadings down =
        (c, scope, names, baselines) -> {
          throw new IllegalStateException("Prometheus at http://prometheus:9090/ is unreachable");
        };

    assertThat(new GateBaseline("api_p95", down).run(context))
        .failedWith("could not read the stable track's [api_p95] from Prometheus: Prometheus at");
  }

  @Test
  void aGateTheEnvironmentDoesNotConfigureIsNotConfigured() {
    assertThat(
            new GateBaseline(
                    "api_p42", answering(evaluation("api_p42", Outcome.PASS, 0.2, "<= 350ms")))
                .run(LineContexts.at(dir, Map.of())))
        .isNotConfigured(
            "environment prod has no gate api_p42; its gates are [error_ratio_5xx, api_p95");
    assertThat(asked).isEmpty();
  }
}
