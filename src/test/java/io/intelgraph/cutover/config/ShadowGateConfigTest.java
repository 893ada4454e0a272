package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gates.<name>.shadow}: false unless set, for the default gates and an environment's own;
 * set by the file or a flag; a bad value or shadow gates only are refused naming the fix.
 */
class ShadowGateConfigTest {

  @TempDir Path directory;

  private static final String BASICS =
      """
      release: {tag: v1.0.0-GA}
      endpoints: {public_host: maestro.example}
      cluster:
        namespace: ns
        ingress: ingress
        routing_action: weighted-routing
        stable_service: api
        canary_service: api-canary
        stable_deployment: api
        canary_deployment: api-canary
      """;

  /** A gate of the environment's own that does not say whether it is shadow. */
  private static final String OWN_GATE =
      """
      gates:
        api_p95_tight:
          description: API p95 latency, tighter
          query: histogram_quantile(0.95, sum by (le) (rate(x_bucket{{{selector}}}[{{window}}])))
          threshold: "<= 100ms"
          min_traffic: 0
          freshness_query: sum(count_over_time(x_count{{{selector}}}[{{staleness}}]))
          max_staleness: 2m
          critical: false
      """;

  private Environment load(String yaml, Map<String, String> properties) throws IOException {
    Path file = directory.resolve("lab.yaml");
    Files.writeString(file, BASICS + yaml);
    Map<String, String> selected = new java.util.HashMap<>(properties);
    selected.put("cutover.config", file.toString());
    return new EnvironmentLoader(selected, Map.of(), directory)
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
        .load();
  }

  @Test
  void everyGateJudgesTheReleaseUnlessItSaysShadowTheEnvironmentsOwnIncluded() throws IOException {
    Environment env = load(OWN_GATE, Map.of());

    assertThat(env.gates().values())
        .as("default gates and the file's own gate")
        .hasSizeGreaterThan(2)
        .noneMatch(GateSpec::shadow);
    assertThat(env.gates()).containsKey("api_p95_tight");
  }

  @Test
  void theFileOrAFlagMakesAGateShadow() throws IOException {
    Environment env =
        load(
            OWN_GATE + "    shadow: true\n",
            Map.of("cutover.gates.auth_error_ratio.shadow", "true"));

    assertThat(env.gates().get("api_p95_tight").shadow()).isTrue();
    assertThat(env.gates().get("auth_error_ratio"))
        .satisfies(
            spec -> {
              assertThat(spec.shadow()).isTrue();
              assertThat(spec.critical()).as("a critical shadow gate stays critical").isTrue();
            });
    assertThat(env.gates().get("api_p95").shadow()).isFalse();
  }

  @Test
  void aShadowThatIsNotTrueOrFalseIsRefusedAtItsKey() {
    assertThatThrownBy(() -> load("", Map.of("cutover.gates.api_p95.shadow", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gates.api_p95.shadow")
        .hasMessageContaining("maybe");
  }

  @Test
  void shadowGatesOnlyAreRefusedBecauseNothingWouldJudgeTheRelease() {
    String allShadow =
        "gates:\n"
            + String.join(
                "",
                java.util.List.of(
                        "error_ratio_5xx",
                        "api_p95",
                        "api_p99",
                        "graph_3hop_p95",
                        "auth_error_ratio",
                        "kafka_lag",
                        "kafka_lag_growth",
                        "dlq_ratio",
                        "api_up",
                        "database_up",
                        "burn_rate_alerts")
                    .stream()
                    .map(gate -> "  " + gate + ": {shadow: true}\n")
                    .toList());

    assertThatThrownBy(() -> load(allShadow, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("every gate is a shadow gate (error_ratio_5xx, api_p95,")
        .hasMessageContaining(
            "set `gates.<name>.shadow: false` on the gates the release must pass");
  }
}
