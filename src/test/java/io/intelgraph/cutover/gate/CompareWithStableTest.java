package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Quantity;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A canary gate with compare_with_stable, evaluated live and replayed through a real PromQlClient.
 */
class CompareWithStableTest {

  static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  static final Duration WINDOW = Duration.ofSeconds(15);
  static final Duration SCRAPE = Duration.ofSeconds(1);
  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");
  static final String CANARY = "lat{track=\"canary\"}";
  static final String STABLE = "lat{track=\"stable\"}";
  static final StableComparisonSpec RULE =
      new StableComparisonSpec(1.3, Quantity.parse("20ms"), 0.95, 10);

  static GateSpec spec(Optional<StableComparisonSpec> rule) {
    return new GateSpec(
        "api_p95",
        "API p95",
        "lat{{{selector}}}",
        Threshold.parse("<= 350ms"),
        Optional.empty(),
        Optional.empty(),
        0,
        "fresh{{{selector}}}",
        Duration.ofMinutes(2),
        false,
        Optional.empty(),
        rule);
  }

  static Gate gate(Scope scope) {
    return Gate.resolve(spec(Optional.of(RULE)), scope, WINDOW, SCRAPE, SELECTORS);
  }

  /** Latency per track: a level plus a little jitter that changes every second, like a real p95. */
  static BiFunction<String, Instant, Double> latency(double canary, double stable) {
    return (query, t) -> {
      double jitter = ((t.getEpochSecond() + 2) % 7) * 0.0005; // none at AT
      if (query.startsWith("fresh")) return 15.0;
      if (query.equals(CANARY)) return canary + jitter;
      if (query.equals(STABLE)) return stable + jitter;
      return null;
    };
  }

  static GateEvaluation evaluate(ScriptedPrometheus prometheus, Gate gate) {
    try (GateEvaluator evaluator =
        new GateEvaluator(new PromQlClient(prometheus.url(), Duration.ofSeconds(5)))) {
      return evaluator.evaluate(gate, AT, Baselines.none());
    }
  }

  @Test
  void aCanaryWellAboveStableButUnderTheThresholdIsABreachOfTheComparison() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(latency(0.060, 0.005))) {
      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.BREACH);
      assertThat(e.detail())
          .startsWith(
              "API p95 (canary) 60 ms <= 350 ms at 2026-11-27T15:15:00Z meets its absolute threshold"
                  + " but fails the comparison with stable (gates.api_p95.compare_with_stable): canary worse than stable: canary 60 ms vs stable 5 ms"
                  + " (ratio 12.0, max 1.3; difference 55 ms, min 20 ms); Mann-Whitney U over 16 canary and 16 stable samples: p = ");
      assertThat(e.versusStable())
          .hasValueSatisfying(
              j -> {
                assertThat(j.ratio()).isEqualTo(12.0);
                assertThat(j.pValue()).isLessThan(0.05);
                assertThat(j.canarySamples()).isEqualTo(16);
              });
      assertThat(e.evidence())
          .extracting(Evidence::role)
          .containsExactly(
              "value", "freshness", "stable value", "canary samples", "stable samples");
      assertThat(e.evidence().get(3).answer())
          .contains("\"values\":[[%d.000,".formatted(AT.minus(WINDOW).getEpochSecond()));
    }
  }

  @Test
  void aCanaryLikeStablePassesAndSaysSo() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(latency(0.005, 0.005))) {
      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.PASS);
      assertThat(e.detail())
          .contains(
              "5 ms <= 350 ms", "; canary within stable: canary 5 ms vs stable 5 ms (ratio 1.0");
      assertThat(e.versusStable()).isPresent();
    }
  }

  @Test
  void anUnansweredStableRangeQueryIsAnErrorNeverAPass() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(latency(0.005, 0.005))) {
      prometheus.failing.add(STABLE);

      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(e.detail())
          .contains(
              "meets its absolute threshold but cannot be compared with stable (gates.api_p95.compare_with_stable)",
              "scripted outage");
    }
  }

  @Test
  void aStableTrackWithoutDataIsNoDataNeverAPass() {
    BiFunction<String, Instant, Double> healthy = latency(0.005, 0.005);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus((q, t) -> q.equals(STABLE) ? null : healthy.apply(q, t))) {
      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
      assertThat(e.detail())
          .contains(
              "the stable track's query 'lat{track=\"stable\"}' has no value at 2026-11-27T15:15:00Z");
    }
  }

  @Test
  void tooFewSamplesInTheWindowIsLowSample() {
    BiFunction<String, Instant, Double> slow = latency(0.060, 0.005);
    // the canary's series only began 5 s ago
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(
            (q, t) ->
                q.equals(CANARY) && t.isBefore(AT.minusSeconds(5)) ? null : slow.apply(q, t))) {
      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).isEqualTo(Outcome.LOW_SAMPLE);
      assertThat(e.detail())
          .contains(
              "cannot compare with stable: 6 canary and 16 stable samples in the window, the rule needs 10 each");
    }
  }

  @Test
  void theAbsoluteThresholdIsJudgedFirstAndTheStableTrackIsNotAsked() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(latency(0.400, 0.005))) {
      GateEvaluation e = evaluate(prometheus, gate(Scope.CANARY));

      assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
      assertThat(e.detail()).startsWith("API p95 (canary) 400 ms > 350 ms at ");
      assertThat(e.versusStable()).isEmpty();
      assertThat(prometheus.asked).doesNotContain(STABLE);
    }
  }

  @Test
  void onlyTheCanaryScopeCarriesTheComparison() {
    assertThat(gate(Scope.CANARY).versusStable())
        .hasValue(new Gate.VersusStable(STABLE, WINDOW, SCRAPE));
    assertThat(gate(Scope.STABLE).versusStable()).isEmpty();
    assertThat(gate(Scope.ALL).versusStable()).isEmpty();
    assertThatThrownBy(() -> Gate.resolve(spec(Optional.of(RULE)), Scope.CANARY, WINDOW, SELECTORS))
        .hasMessageContaining("gates.api_p95.compare_with_stable needs the scrape interval");
  }

  @Test
  void replayComparesEachStepOverItsOwnWindowAndTurnsRedOnTheSecondRegression() {
    Instant slowFrom = AT.plusSeconds(60);
    BiFunction<String, Instant, Double> healthy = latency(0.005, 0.005);
    BiFunction<String, Instant, Double> slow = latency(0.060, 0.005);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus((q, t) -> (t.isBefore(slowFrom) ? healthy : slow).apply(q, t))) {
      ReplayReport report =
          new Replay(
                  new PromQlClient(prometheus.url(), Duration.ofSeconds(5)),
                  new VerdictRules.Rules(Duration.ofMinutes(15)))
              .run(
                  List.of(gate(Scope.CANARY)),
                  AT,
                  AT.plusSeconds(150),
                  Duration.ofSeconds(30),
                  Baselines.none());

      assertThat(report.timeline())
          .extracting(s -> s.gates().get(0).latest().outcome())
          .containsExactly(
              Outcome.PASS,
              Outcome.PASS,
              Outcome.PASS,
              // at +90 s the window [+75, +90] is all slow
              Outcome.BREACH,
              Outcome.BREACH,
              Outcome.BREACH);
      assertThat(report.summary().firstRed()).hasValue(AT.plusSeconds(120));
      GateEvaluation breach = report.timeline().get(3).gates().get(0).latest();
      assertThat(breach.detail())
          .contains("fails the comparison with stable", "over 16 canary and 16 stable samples");
      assertThat(breach.evidence().get(3).answer())
          .startsWith("[[%d.000,\"0.06".formatted(AT.plusSeconds(75).getEpochSecond()));
    }
  }

  @Test
  void replayWithoutTheRuleStaysGreenOnTheSameHistory() {
    Instant slowFrom = AT.plusSeconds(60);
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus(
            (q, t) ->
                (t.isBefore(slowFrom) ? latency(0.005, 0.005) : latency(0.060, 0.005))
                    .apply(q, t))) {
      Gate plain = Gate.resolve(spec(Optional.empty()), Scope.CANARY, WINDOW, SCRAPE, SELECTORS);
      ReplayReport report =
          new Replay(
                  new PromQlClient(prometheus.url(), Duration.ofSeconds(5)),
                  new VerdictRules.Rules(Duration.ofMinutes(15)))
              .run(
                  List.of(plain),
                  AT,
                  AT.plusSeconds(150),
                  Duration.ofSeconds(30),
                  Baselines.none());

      assertThat(report.summary().worst()).isEqualTo(Verdict.GREEN);
    }
  }
}
