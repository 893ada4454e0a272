package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.evaluation;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prod.example judges api_p95 against its baseline (max_above_baseline: 20%); the tests add
 * error_ratio_5xx, which no runbook line measures.
 */
class RelativeGateBaselinesTest {

  @TempDir Path dir;

  final List<List<String>> asked = new ArrayList<>();

  private GateReadings answering(Outcome outcome, Double value) {
    return (context, scope, names, baselines) -> {
      asked.add(names);
      return names.stream().map(g -> evaluation(g, outcome, value, "<= 1%")).toList();
    };
  }

  private void recordApiP95(LineContext context) {
    context
        .ledger()
        .update(
            l ->
                l.withBaseline(
                    new Baseline(
                        "api_p95",
                        0.2,
                        "s",
                        "q",
                        LineContexts.NOW,
                        Optional.of(context.environment().cadence().rateWindow()))));
  }

  @Test
  void aRelativeGateNoRunbookLineMeasuresIsMeasuredHereAndWithTheRunbooksPasses() {
    LineContext context =
        LineContexts.at(dir, Map.of("cutover.gates.error_ratio_5xx.max_above_baseline", "50%"));
    recordApiP95(context);

    LineReport report = new RelativeGateBaselines(answering(Outcome.PASS, 0.002)).run(context);

    assertThat(report).passed();
    assertThat(asked).containsExactly(List.of("error_ratio_5xx"));
    assertThat(context.ledger().read().baselines()).containsKeys("api_p95", "error_ratio_5xx");
    assertThat(report.evidence())
        .anySatisfy(
            e -> assertThat(e.text()).contains("[error_ratio_5xx, api_p95]", "all recorded"));
  }

  @Test
  void aRelativeGateWithoutAUsableBaselineFailsNamingItAndTheFix() {
    LineContext context =
        LineContexts.at(dir, Map.of("cutover.gates.error_ratio_5xx.max_above_baseline", "50%"));

    assertThat(new RelativeGateBaselines(answering(Outcome.STALE, null)).run(context))
        .failedWith(
            "gates with max_above_baseline and no usable T-30 baseline in ledger",
            "api_p95: no baseline is recorded for any gate",
            "error_ratio_5xx: no baseline is recorded",
            "measured here but no baseline: [error_ratio_5xx]",
            "mvn verify -Pcutover -Dgroups=baseline");
  }

  @Test
  void withOnlyTheRunbooksRelativeGatesNothingIsMeasuredAndTheLedgerIsRead() {
    LineContext context = LineContexts.at(dir, Map.of());
    recordApiP95(context);

    assertThat(new RelativeGateBaselines(answering(Outcome.PASS, 0.1)).run(context)).passed();
    assertThat(asked).isEmpty();
  }

  @Test
  void aBaselineOfAnotherRateWindowIsNotUsable() {
    LineContext context = LineContexts.at(dir, Map.of());
    context
        .ledger()
        .update(
            l ->
                l.withBaseline(
                    new Baseline(
                        "api_p95",
                        0.2,
                        "s",
                        "q",
                        LineContexts.NOW,
                        Optional.of(
                            context.environment().cadence().rateWindow().multipliedBy(3)))));

    assertThat(new RelativeGateBaselines(answering(Outcome.PASS, 0.1)).run(context))
        .failedWith("api_p95: the recorded baseline", "rate window");
  }
}
