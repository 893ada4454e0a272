package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.prometheus.AlertingRules;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default burn-rate gate: "no alert firing" counts only when the rules API shows the rules. */
class AlertRulesGateTest {

  static final Environment PROD = TestEnvironments.prodExample(Map.of());
  static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  static final Gate GATE =
      Gate.resolve(
          PROD.gates().get("burn_rate_alerts"),
          Scope.ALL,
          PROD.cadence().rateWindow(),
          PROD.prometheus().selectors());

  static AlertingRules.Rule rule(
      String name,
      String health,
      Optional<Instant> lastEvaluation,
      List<Map<String, String>> firing) {
    return new AlertingRules.Rule(
        name,
        "slo-burn-rate",
        health,
        firing.isEmpty() ? "inactive" : "firing",
        "err".equals(health)
            ? Optional.of("vector contains metrics with the same labelset")
            : Optional.empty(),
        lastEvaluation,
        firing);
  }

  static GateEvaluation classify(double firing, Optional<RulesAnswer> rules) {
    Answer value =
        new Answer(
            new Evidence("value", GATE.query(), "[]"),
            Optional.of(new Sample(AT, firing)),
            Optional.empty());
    Answer fresh =
        new Answer(
            new Evidence("freshness", GATE.freshnessQuery(), "[]"),
            Optional.of(new Sample(AT, 40)),
            Optional.empty());
    return OutcomeClassifier.classify(
        GATE, AT, value, Optional.empty(), fresh, rules, Baselines.none());
  }

  static Optional<RulesAnswer> loaded(AlertingRules.Rule... rules) {
    return Optional.of(
        RulesAnswer.of(new AlertingRules(List.of(rules), "{\"status\":\"success\"}")));
  }

  static final Optional<Instant> JUST_NOW = Optional.of(AT.minusSeconds(20));

  @Test
  void theDefaultQueryCountsTheFiringAlertsOfTheConfiguredRules() {
    assertThat(GATE.query())
        .isEqualTo("count(ALERTS{alertstate=\"firing\",alertname=~\".*BurnRate.*\"}) or vector(0)");
  }

  @Test
  void quietPassesOnlyWithTheRulesLoadedAndEvaluating() {
    GateEvaluation e =
        classify(0, loaded(rule("ApiErrorBudgetBurnRateFast", "ok", JUST_NOW, List.of())));

    assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.PASS);
    assertThat(e.evidence())
        .extracting(Evidence::role)
        .containsExactly("value", "freshness", "rules");
  }

  @Test
  void noMatchingRuleLoadedIsNoDataNeverAPass() {
    GateEvaluation e = classify(0, loaded(rule("KafkaLagHigh", "ok", JUST_NOW, List.of())));

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.detail())
        .isEqualTo(
            "error-budget burn-rate alerts firing (all) has no data at 2026-11-27T15:15:00Z: no alerting rule"
                + " matching '.*BurnRate.*' is loaded in Prometheus (GET /api/v1/rules?type=alert), so no alert firing proves nothing;"
                + " load the rules or fix gates.burn_rate_alerts.alert_rules");
  }

  @Test
  void aRuleThatFailsToEvaluateIsAnError() {
    GateEvaluation e =
        classify(0, loaded(rule("ApiErrorBudgetBurnRateFast", "err", JUST_NOW, List.of())));

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail())
        .endsWith(
            "alerting rule ApiErrorBudgetBurnRateFast (group slo-burn-rate) fails to evaluate:"
                + " vector contains metrics with the same labelset");
  }

  @Test
  void aRuleNotEvaluatedWithinMaxStalenessIsStale() {
    GateEvaluation old =
        classify(
            0,
            loaded(
                rule(
                    "ApiErrorBudgetBurnRateFast",
                    "ok",
                    Optional.of(AT.minus(Duration.ofMinutes(3))),
                    List.of())));
    GateEvaluation never =
        classify(
            0, loaded(rule("ApiErrorBudgetBurnRateFast", "unknown", Optional.empty(), List.of())));

    assertThat(old.outcome()).isEqualTo(Outcome.STALE);
    assertThat(old.detail())
        .endsWith(
            "alerting rule ApiErrorBudgetBurnRateFast (group slo-burn-rate) was last evaluated"
                + " 2026-11-27T15:12:00Z, not within the last 2m (max_staleness)");
    assertThat(never.outcome()).isEqualTo(Outcome.STALE);
    assertThat(never.detail()).contains("was last evaluated never");
  }

  @Test
  void rulesNotAskedOrNotAnsweredAreAnError() {
    GateEvaluation notAsked = classify(0, Optional.empty());
    GateEvaluation down =
        classify(
            0,
            Optional.of(
                RulesAnswer.failed(
                    PromQlException.badResponse(AlertingRules.REQUEST, "no groups"))));

    assertThat(notAsked.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(notAsked.detail())
        .contains("the alerting rules matching '.*BurnRate.*' were not asked");
    assertThat(down.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(down.detail()).contains("no groups (BAD_RESPONSE)");
  }

  @Test
  void aFiringAlertBreachesAndIsNamed() {
    GateEvaluation e =
        classify(
            1,
            loaded(
                rule(
                    "ApiErrorBudgetBurnRateFast",
                    "ok",
                    JUST_NOW,
                    List.of(Map.of("alertname", "ApiErrorBudgetBurnRateFast", "severity", "page"))),
                rule("ApiErrorBudgetBurnRateSlow", "ok", JUST_NOW, List.of())));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail())
        .isEqualTo(
            "error-budget burn-rate alerts firing (all) 1 >= 1 at 2026-11-27T15:15:00Z;"
                + " firing: ApiErrorBudgetBurnRateFast{severity=\"page\"}");
  }
}
