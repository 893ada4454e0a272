package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentLoaderTest {

  private static EnvironmentLoader loader(
      Map<String, String> properties, Map<String, String> variables) {
    return new EnvironmentLoader(properties, variables, Path.of("target/no-such-dir"))
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS);
  }

  @Test
  void sandboxLoadsWithItsCompressedCadenceAndTheRunbookThresholds() {
    Environment env = loader(Map.of(), Map.of()).load();

    assertThat(env.name()).isEqualTo("sandbox");
    assertThat(env.cadence().gateInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(env.cadence().gateChecksAt())
        .containsExactly(
            new GateCheckOffset("T+15", Duration.ofSeconds(120)),
            new GateCheckOffset("T+30", Duration.ofSeconds(125)),
            new GateCheckOffset("T+60", Duration.ofSeconds(135)));
    assertThat(env.cadence().gateChecksAt().get(0)).hasToString("T+15 at 2m");
    assertThat(env.gates()).containsKeys("error_ratio_5xx", "api_p95", "auth_error_ratio");
    assertThat(env.gates().get("api_p95").threshold()).hasToString("<= 350 ms");
    assertThat(env.gates().get("api_p95").minTraffic()).isEqualTo(20);
    assertThat(env.gates().get("auth_error_ratio").critical()).isTrue();
    assertThat(env.ledger().store()).isEqualTo(LedgerSpec.Store.FILE);
    assertThat(env.evidence().directory()).isEqualTo(Path.of("target/cutover-evidence"));
    assertThat(env.evidence().signingKey()).isEmpty();
  }

  @Test
  void systemPropertiesAndVariablesOverrideTheFile() {
    Environment env =
        loader(
                Map.of("cutover.gates.api_p95.threshold", "<= 400ms"),
                Map.of(
                    "CUTOVER_CADENCE_RATE_WINDOW", "30s", "CUTOVER_GATES_API_P99_CRITICAL", "true"))
            .load();

    assertThat(env.gates().get("api_p95").threshold().limit()).isEqualTo(0.4);
    assertThat(env.cadence().rateWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(env.gates().get("api_p99").critical()).isTrue();
  }

  @Test
  void compareWithStableBindsItsQuantityAndIsAbsentByDefault() {
    Environment plain = loader(Map.of(), Map.of()).load();
    Environment compared =
        loader(
                Map.of(
                    "cutover.gates.api_p95.compare_with_stable.max_ratio", "1.3",
                    "cutover.gates.api_p95.compare_with_stable.min_difference", "20ms",
                    "cutover.gates.api_p95.compare_with_stable.confidence", "0.95",
                    "cutover.gates.api_p95.compare_with_stable.min_samples", "12"),
                Map.of())
            .load();

    assertThat(plain.gates().get("api_p95").compareWithStable()).isEmpty();
    assertThat(compared.gates().get("api_p95").compareWithStable())
        .hasValue(new StableComparisonSpec(1.3, new Quantity(0.02, Unit.SECONDS), 0.95, 12));
  }

  @Test
  void aMissingEndpointNamesTheKeyAndTheFix() {
    assertThatThrownBy(() -> new EnvironmentLoader(Map.of(), Map.of(), Path.of("x")).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`endpoints.api` is missing; add it to the environment file");
  }
}
