package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One key, {@code prometheus.labels.status}, names the status label of every status-based query.
 */
class StatusLabelTest {

  @Test
  void theDefaultIsTheRunbooksStatusLabelInEveryStatusBasedQuery() {
    Environment prod = TestEnvironments.prodExample(Map.of());

    assertThat(prod.prometheus().labels().status()).isEqualTo("status");
    assertThat(prod.gates().get("error_ratio_5xx").query())
        .contains("http_requests_total{status=~\"5..\",{{selector}}}")
        .doesNotContain("status_code");
    assertThat(prod.gates().get("auth_error_ratio").query())
        .contains("http_requests_total{status=\"401\",{{selector}}}");
    assertThat(prod.kpi().authenticatedRequests())
        .isEqualTo("http_requests_total{route=\"/graphql\",status!~\"401|403\"}");
    assertThat(prod.closeout().goodRequests()).isEqualTo("http_requests_total{status!~\"5..\"}");
    assertThat(prod.closeout().badRequests()).isEqualTo("http_requests_total{status=~\"5..\"}");
  }

  @Test
  void theSandboxSetsItsOwnLabel() {
    Environment sandbox = TestEnvironments.sandbox(Map.of(), Map.of()).load();

    assertThat(sandbox.prometheus().labels().status()).isEqualTo("status_code");
    assertThat(Gate.all(sandbox, Scope.CANARY).get(0).query())
        .isEqualTo(
            "(sum(rate(http_requests_total{status_code=~\"5..\",track=\"canary\"}[15s])) or vector(0))"
                + " / sum(rate(http_requests_total{track=\"canary\"}[15s]))");
    assertThat(sandbox.closeout().badRequests())
        .isEqualTo("http_requests_total{status_code=~\"5..\"}");
  }

  @Test
  void anOverrideChangesEveryQueryAtOnce() {
    Environment env =
        TestEnvironments.sandbox(Map.of("cutover.prometheus.labels.status", "code"), Map.of())
            .load();

    assertThat(env.gates().get("auth_error_ratio").query()).contains("{code=\"401\",");
    assertThat(env.kpi().authenticatedRequests()).contains("code!~\"401|403\"");
    assertThat(env.closeout().goodRequests()).isEqualTo("http_requests_total{code!~\"5..\"}");
  }

  @Test
  void aNameThatIsNoLabelStopsTheRunAtItsKey() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.prometheus.labels.status", "status\"}"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "prometheus.labels.status is 'status\"}'; expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*), e.g. status or status_code");
  }

  @Test
  void anUnknownPlaceholderIsStillAnError() {
    Environment env =
        TestEnvironments.sandbox(
                Map.of(
                    "cutover.gates.error_ratio_5xx.query",
                    "sum(rate(http_requests_total{{{status_labl}}=~\"5..\",{{selector}}}[{{window}}]))"),
                Map.of())
            .load();

    assertThatThrownBy(() -> Gate.all(env, Scope.CANARY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gates.error_ratio_5xx.query has an unknown placeholder in");
  }
}
