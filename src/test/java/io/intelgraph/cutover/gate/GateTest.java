package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Threshold;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {

  static GateSpec spec(String query) {
    return new GateSpec(
        "error_ratio_5xx",
        "5xx ratio",
        query,
        Threshold.parse("<= 1%"),
        Optional.empty(),
        Optional.of("sum(increase(http_requests_total{{{selector}}}[{{window}}]))"),
        100,
        "sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))",
        Duration.ofMinutes(2),
        false);
  }

  @Test
  void resolvesWindowAndSelectorForTheScope() {
    Gate gate =
        Gate.resolve(
            spec("sum(rate(x{code=~\"5..\",{{selector}}}[{{window}}]))"),
            Scope.CANARY,
            Duration.ofMinutes(5),
            OutcomeClassifierTest.SELECTORS);

    assertThat(gate.query()).isEqualTo("sum(rate(x{code=~\"5..\",track=\"canary\"}[5m]))");
    assertThat(gate.trafficQuery())
        .contains("sum(increase(http_requests_total{track=\"canary\"}[5m]))");
    assertThat(gate.freshnessQuery())
        .isEqualTo("sum(count_over_time(http_requests_total{track=\"canary\"}[2m]))");
  }

  @Test
  void theAllScopeLeavesValidEmptyMatchers() {
    Gate gate =
        Gate.resolve(
            spec("sum(rate(x{code=~\"5..\",{{selector}}}[{{window}}]))"),
            Scope.ALL,
            Duration.ofSeconds(15),
            OutcomeClassifierTest.SELECTORS);

    assertThat(gate.query()).isEqualTo("sum(rate(x{code=~\"5..\",}[15s]))");
    assertThat(gate.freshnessQuery()).isEqualTo("sum(count_over_time(http_requests_total{}[2m]))");
  }

  @Test
  void refusesAnUnknownPlaceholder() {
    assertThatThrownBy(
            () ->
                Gate.resolve(
                    spec("rate(x{{{track}}}[{{window}}])"),
                    Scope.ALL,
                    Duration.ofMinutes(5),
                    OutcomeClassifierTest.SELECTORS))
        .hasMessage(
            "gates.error_ratio_5xx.query has an unknown placeholder in 'rate(x{{{track}}}[{{window}}])'; only {{window}}, {{selector}}, {{staleness}}, {{alert_rules}} (with alert_rules set) and {{group_by}} (with group_by set) exist");
  }

  @Test
  void writesWindowsInPromQlSyntax() {
    assertThat(Gate.promQlDuration(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Gate.promQlDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Gate.promQlDuration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Gate.promQlDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
