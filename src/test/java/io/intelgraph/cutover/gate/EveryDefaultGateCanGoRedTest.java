package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No gate may be unfailable: a breaching value must turn every default gate RED. */
class EveryDefaultGateCanGoRedTest {

  static final Environment PROD =
      io.intelgraph.cutover.config.TestEnvironments.prodExample(Map.of());

  static Stream<String> defaultGates() {
    return PROD.gates().keySet().stream();
  }

  /** A value on the wrong side of the limit, well clear of it. */
  static double breaching(GateSpec spec) {
    double limit = spec.threshold().limit();
    double margin = Math.max(Math.abs(limit), 1.0);
    Comparison c = spec.threshold().comparison();
    return c == Comparison.AT_MOST || c == Comparison.LESS_THAN ? limit + margin : limit - margin;
  }

  @ParameterizedTest
  @MethodSource("defaultGates")
  void aBreachingValueTurnsTheGateRed(String name) {
    GateSpec spec = PROD.gates().get(name);
    Gate gate =
        Gate.resolve(
            spec, Scope.CANARY, PROD.cadence().rateWindow(), PROD.prometheus().selectors());
    VerdictRules.Rules rules = VerdictRules.Rules.from(PROD.cadence());
    Baselines baselines = new Baselines(Map.of(name, Math.abs(spec.threshold().limit())));
    double value = breaching(spec);

    List<GateEvaluation> history = new ArrayList<>();
    GateVerdict verdict = null;
    Instant at = Instant.parse("2026-11-27T15:15:00Z");
    for (int check = 0;
        check < 2 && (verdict == null || verdict.verdict() != Verdict.RED);
        check++) {
      Answer answer =
          new Answer(
              new Evidence("value", gate.query(), "[]"),
              Optional.of(new Sample(at, value)),
              Optional.empty());
      Optional<Answer> traffic =
          gate.trafficQuery()
              .map(
                  q ->
                      new Answer(
                          new Evidence("traffic", q, "[]"),
                          Optional.of(new Sample(Instant.EPOCH, spec.minTraffic() * 10 + 1000)),
                          Optional.empty()));
      Answer fresh =
          new Answer(
              new Evidence("freshness", gate.freshnessQuery(), "[]"),
              Optional.of(new Sample(Instant.EPOCH, 1)),
              Optional.empty());
      Instant evaluated = at;
      // a gate on alerting rules judges only with its rules loaded and evaluating
      Optional<RulesAnswer> alerting =
          spec.alertRules()
              .map(
                  regex ->
                      RulesAnswer.of(
                          new io.intelgraph.cutover.prometheus.AlertingRules(
                              List.of(
                                  new io.intelgraph.cutover.prometheus.AlertingRules.Rule(
                                      "ApiErrorBudgetBurnRateFast",
                                      "slo",
                                      "ok",
                                      "firing",
                                      Optional.empty(),
                                      Optional.of(evaluated),
                                      List.of(Map.of("alertname", "ApiErrorBudgetBurnRateFast")))),
                              "{}")));
      GateEvaluation evaluation =
          OutcomeClassifier.classify(gate, at, answer, traffic, fresh, alerting, baselines);
      assertThat(evaluation.outcome()).as(evaluation.detail()).isEqualTo(Outcome.BREACH);
      assertThat(evaluation.detail())
          .contains(spec.description(), spec.threshold().unit().format(spec.threshold().limit()));
      history.add(evaluation);
      verdict = VerdictRules.decide(history, rules, at);
      at = at.plus(PROD.cadence().gateInterval());
    }

    assertThat(verdict.verdict())
        .as("%s after %d checks: %s", name, history.size(), verdict.reason())
        .isEqualTo(Verdict.RED);
    assertThat(history).hasSize(spec.critical() ? 1 : 2);
  }

  @ParameterizedTest
  @MethodSource("defaultGates")
  void everyDefaultGateChecksFreshnessAndHasAFiniteStalenessBound(String name) {
    GateSpec spec = PROD.gates().get(name);

    assertThat(spec.freshnessQuery()).contains("count_over_time(", "[{{staleness}}]");
    assertThat(spec.maxStaleness()).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }
}
