package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertingRulesTest {

  /** Shaped like Prometheus 2.42's answer to GET /api/v1/rules?type=alert. */
  static final String ANSWER =
      """
      {"status":"success","data":{"groups":[{"name":"slo-burn-rate","file":"/etc/prometheus/burn.yml","interval":1,
        "limit":0,"evaluationTime":0.0004,"lastEvaluation":"2026-11-27T15:14:59.5Z","rules":[
        {"state":"firing","name":"ApiErrorBudgetBurnRateFast","query":"x > 14.4 * 0.001","duration":2,
         "labels":{"severity":"page"},"annotations":{},"alerts":[
           {"labels":{"alertname":"ApiErrorBudgetBurnRateFast","severity":"page"},"annotations":{},"state":"firing",
            "activeAt":"2026-11-27T15:10:00Z","value":"6e-02"},
           {"labels":{"alertname":"ApiErrorBudgetBurnRateFast","severity":"page","track":"stable"},"annotations":{},
            "state":"pending","activeAt":"2026-11-27T15:14:00Z","value":"2e-02"}],
         "health":"ok","evaluationTime":0.0002,"lastEvaluation":"2026-11-27T15:14:59.5Z","type":"alerting"},
        {"state":"inactive","name":"ApiErrorBudgetBurnRateSlow","query":"y","duration":4,"labels":{},"annotations":{},
         "alerts":[],"health":"unknown","evaluationTime":0,"lastEvaluation":"0001-01-01T00:00:00Z","type":"alerting"},
        {"name":"KafkaLagHigh","query":"z","duration":0,"labels":{},"annotations":{},"alerts":[],"health":"err",
         "lastError":"many-to-many matching not allowed","state":"inactive","evaluationTime":0,
         "lastEvaluation":"2026-11-27T15:14:59Z","type":"alerting"}]}]}}
      """;

  @Test
  void readsEveryAlertingRuleWithItsHealthLastEvaluationAndFiringAlerts() {
    AlertingRules rules = AlertingRules.parse(200, ANSWER);

    assertThat(rules.rules())
        .extracting(AlertingRules.Rule::name)
        .containsExactly(
            "ApiErrorBudgetBurnRateFast", "ApiErrorBudgetBurnRateSlow", "KafkaLagHigh");
    AlertingRules.Rule fast = rules.rules().get(0);
    assertThat(fast.group()).isEqualTo("slo-burn-rate");
    assertThat(fast.lastEvaluation()).contains(Instant.parse("2026-11-27T15:14:59.5Z"));
    assertThat(fast.describeFiring())
        .containsExactly(
            "ApiErrorBudgetBurnRateFast{severity=\"page\"}"); // the pending one is not firing
    assertThat(rules.rules().get(1).lastEvaluation())
        .as("Go's zero time means never evaluated")
        .isEmpty();
    assertThat(rules.rules().get(2).lastError()).contains("many-to-many matching not allowed");
    assertThat(rules.matching(".*BurnRate.*")).hasSize(2);
    assertThat(rules.matching("BurnRate")).as("matched in full, as PromQL's =~").isEmpty();
    assertThat(rules.rawJson()).isEqualTo(ANSWER);
  }

  @Test
  void anErrorOrAnUnexpectedShapeIsAnExceptionNamingTheRequest() {
    assertThatThrownBy(() -> AlertingRules.parse(200, "{\"status\":\"success\",\"data\":{}}"))
        .isInstanceOf(PromQlException.class)
        .hasMessage(
            "malformed answer from Prometheus to GET /api/v1/rules?type=alert: `data.groups` is missing or not an array")
        .extracting(e -> ((PromQlException) e).kind())
        .isEqualTo(PromQlException.Kind.BAD_RESPONSE);
    assertThatThrownBy(() -> AlertingRules.parse(503, "upstream down"))
        .hasMessage("Prometheus answered GET /api/v1/rules?type=alert with HTTP 503: upstream down")
        .extracting(e -> ((PromQlException) e).kind())
        .isEqualTo(PromQlException.Kind.HTTP_STATUS);
    assertThat(
            Optional.of(
                AlertingRules.parse(200, "{\"status\":\"success\",\"data\":{\"groups\":[]}}")
                    .rules()))
        .contains(java.util.List.of());
  }
}
