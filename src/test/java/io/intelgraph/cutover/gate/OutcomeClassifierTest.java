package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

  static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");

  static Gate p95(Optional<Double> maxAboveBaseline) {
    GateSpec spec =
        new GateSpec(
            "api_p95",
            "API p95",
            "histogram_quantile(0.95, x{{{selector}}}[{{window}}])",
            Threshold.parse("<= 350ms"),
            maxAboveBaseline,
            Optional.of("sum(increase(c{{{selector}}}[{{window}}]))"),
            100,
            "sum(count_over_time(c{{{selector}}}[{{staleness}}]))",
            Duration.ofMinutes(2),
            false);
    return Gate.resolve(spec, Scope.CANARY, Duration.ofMinutes(5), SELECTORS);
  }

  static Answer value(double v) {
    return answer("value", v);
  }

  static Answer answer(String role, double v) {
    return new Answer(
        new Evidence(role, "q", "[1,\"" + v + "\"]"),
        Optional.of(new Sample(AT, v)),
        Optional.empty());
  }

  static Answer empty(String role) {
    return new Answer(new Evidence(role, "q", "[]"), Optional.empty(), Optional.empty());
  }

  static GateEvaluation classify(Answer value, Answer traffic, Answer freshness) {
    return OutcomeClassifier.classify(
        p95(Optional.empty()), AT, value, Optional.of(traffic), freshness, Baselines.none());
  }

  @Test
  void aFreshValueWithinTheThresholdAndEnoughTrafficPasses() {
    GateEvaluation e = classify(value(0.212), answer("traffic", 5000), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.detail()).isEqualTo("API p95 (canary) 212 ms <= 350 ms at 2026-11-27T15:15:00Z");
    assertThat(e.traffic()).hasValue(5000);
    assertThat(e.freshSamples()).hasValue(8);
    assertThat(e.evidence())
        .extracting(Evidence::role)
        .containsExactly("value", "traffic", "freshness");
  }

  @Test
  void aValueAboveTheLimitBreachesAndSaysByHowMuch() {
    GateEvaluation e = classify(value(0.412), answer("traffic", 5000), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail()).isEqualTo("API p95 (canary) 412 ms > 350 ms at 2026-11-27T15:15:00Z");
    assertThat(e.value()).hasValue(0.412);
  }

  @Test
  void anEmptyVectorIsNoDataNeverZero() {
    GateEvaluation e = classify(empty("value"), answer("traffic", 5000), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.value()).isEmpty();
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) has no data at 2026-11-27T15:15:00Z: the query returned an empty vector");
  }

  @Test
  void nanIsNoData() {
    GateEvaluation e = classify(value(Double.NaN), answer("traffic", 5000), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.detail())
        .endsWith(
            "is NaN at 2026-11-27T15:15:00Z: nothing was measured in the window (0/0 or an empty histogram)");
  }

  @Test
  void infinityIsABreachNeverAPass() {
    GateEvaluation e =
        classify(value(Double.POSITIVE_INFINITY), answer("traffic", 5000), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) is +Inf at 2026-11-27T15:15:00Z, outside any finite bound (<= 350 ms):"
                + " beyond the largest histogram bucket or a division by zero");
  }

  @Test
  void noRecentRawSampleIsStaleEvenWhenTheValuePasses() {
    GateEvaluation e = classify(value(0.1), answer("traffic", 5000), answer("freshness", 0));

    assertThat(e.outcome()).isEqualTo(Outcome.STALE);
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) is stale at 2026-11-27T15:15:00Z: no raw sample behind it in the last 2m (max_staleness)");
  }

  @Test
  void noFreshnessAnswerIsStale() {
    GateEvaluation e = classify(value(0.1), answer("traffic", 5000), empty("freshness"));

    assertThat(e.outcome()).isEqualTo(Outcome.STALE);
    assertThat(e.detail()).endsWith("no raw sample behind it in the last 2m (max_staleness)");
  }

  @Test
  void tooLittleTrafficIsLowSampleEvenWhenTheValueBreaches() {
    GateEvaluation e = classify(value(0.9), answer("traffic", 12), answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.LOW_SAMPLE);
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) has too little traffic at 2026-11-27T15:15:00Z: 12 requests in the window, fewer than min_traffic 100");
    assertThat(e.traffic()).hasValue(12);
  }

  @Test
  void noTrafficAnswerCountsAsZeroRequests() {
    assertThat(classify(value(0.1), empty("traffic"), answer("freshness", 8)).outcome())
        .isEqualTo(Outcome.LOW_SAMPLE);
  }

  @Test
  void anyUnansweredQuestionIsAnErrorNamingTheQuery() {
    PromQlException down =
        PromQlException.badResponse("sum(increase(c{track=\"canary\"}[5m]))", "malformed answer");
    Answer failed = Answer.failed("traffic", down.query(), down, "");

    GateEvaluation e = classify(value(0.1), failed, answer("freshness", 8));

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) could not be evaluated at 2026-11-27T15:15:00Z: malformed answer (BAD_RESPONSE)");
    assertThat(e.evidence().get(1).answer()).isEqualTo("malformed answer");
  }

  static final Instant T30 = Instant.parse("2026-11-27T14:30:00Z");

  static Baselines recorded(double value) {
    return Baselines.of(
        Map.of(
            "api_p95",
            new Baselines.Measured(
                value, Optional.of(Duration.ofMinutes(5)), Optional.of(T30), "ledger L")),
        "run the baseline phase");
  }

  static GateEvaluation relative(double value, Baselines baselines) {
    return OutcomeClassifier.classify(
        p95(Optional.of(0.2)),
        AT,
        value(value),
        Optional.of(answer("traffic", 5000)),
        answer("freshness", 8),
        baselines);
  }

  @Test
  void aRelativeLimitBreachesAboveTheBaseline() {
    GateEvaluation e = relative(0.3, recorded(0.2));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.baselineLimit()).hasValue(0.24);
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) 300 ms > 240 ms at 2026-11-27T15:15:00Z: more than 20 % above the baseline 200 ms"
                + " (measured 2026-11-27T14:30:00Z over 5m rate window; ledger L)");
  }

  @Test
  void aPassWithinTheBaselineLimitShowsTheLimitItUsed() {
    GateEvaluation e = relative(0.23, recorded(0.2));

    assertThat(e.outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.baseline())
        .hasValueSatisfying(
            b -> {
              assertThat(b.baseline()).isEqualTo(0.2);
              assertThat(b.ratio()).isEqualTo(0.2);
              assertThat(b.limit()).isEqualTo(0.24);
              assertThat(b.window()).contains(Duration.ofMinutes(5));
              assertThat(b.at()).contains(T30);
            });
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) 230 ms <= 350 ms at 2026-11-27T15:15:00Z and <= baseline limit 240 ms"
                + " = baseline 200 ms + 20 % (measured 2026-11-27T14:30:00Z over 5m rate window; ledger L)");
  }

  @Test
  void aRelativeLimitWithoutABaselineIsAnErrorNamingTheFixNotAPass() {
    GateEvaluation e = relative(0.1, Baselines.none());

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.baseline()).isEmpty();
    assertThat(e.detail())
        .isEqualTo(
            "API p95 (canary) 100 ms meets <= 350 ms at 2026-11-27T15:15:00Z but cannot be judged against its"
                + " baseline: max_above_baseline 20 % is set and no baseline is recorded for any gate; record it with the T-30 phase of this"
                + " attempt: mvn verify -Pcutover -Dgroups=baseline (same environment and ledger)");
  }

  @Test
  void aBaselineOfAnotherGateDoesNotJudgeThisOne() {
    Baselines other =
        Baselines.of(
            Map.of(
                "api_p99",
                new Baselines.Measured(0.3, Optional.empty(), Optional.empty(), "--baseline")),
            "give --baseline api_p95=VALUE");

    GateEvaluation e = relative(0.1, other);

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail())
        .endsWith(
            "no baseline is recorded for api_p95 (recorded: api_p99); give --baseline api_p95=VALUE");
  }

  @Test
  void whileTheBaselineIsTakenOnlyTheAbsoluteThresholdJudgesAndTheDetailSaysSo() {
    GateEvaluation pass = relative(0.3, Baselines.takingBaseline());
    GateEvaluation breach = relative(0.4, Baselines.takingBaseline());

    assertThat(pass.outcome()).isEqualTo(Outcome.PASS);
    assertThat(pass.baseline()).isEmpty();
    assertThat(pass.detail())
        .isEqualTo(
            "API p95 (canary) 300 ms <= 350 ms at 2026-11-27T15:15:00Z; max_above_baseline 20 % not applied:"
                + " this evaluation takes the baseline, so it is judged on its absolute threshold only");
    assertThat(breach.outcome()).isEqualTo(Outcome.BREACH);
  }

  @Test
  void anAbsoluteBreachIsABreachWhateverTheBaseline() {
    assertThat(relative(0.4, Baselines.none()).outcome()).isEqualTo(Outcome.BREACH);
    assertThat(relative(0.4, recorded(0.5)).outcome()).isEqualTo(Outcome.BREACH);
  }
}
