package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookNamesTest {

  final Environment staging =
      TestEnvironments.prodExample(
          Map.of(
              "cutover.endpoints.public_host",
              "staging.example.org",
              "cutover.cluster.canary_deployment",
              "api-next",
              "cutover.gates.api_p95.threshold",
              "<= 300ms",
              "cutover.cadence.canary_weight",
              "10"));

  @Test
  void hostsAndObjectsComeFromTheEnvironmentTheLineChecks() {
    assertThat(
            RunbookNames.resolve("DNS resolves correctly: {endpoints.public_host} → ALB", staging))
        .isEqualTo("DNS resolves correctly: staging.example.org → ALB");
    assertThat(
            RunbookNames.resolve(
                "kubectl rollout status deployment/{cluster.canary_deployment}", staging))
        .isEqualTo("kubectl rollout status deployment/api-next");
  }

  @Test
  void anUnknownPlaceholderStaysVisibleAndPlainNamesAreUntouched() {
    assertThat(RunbookNames.resolve("TTL of {endpoints.publichost}", staging))
        .isEqualTo("TTL of {endpoints.publichost}");
    assertThat(RunbookNames.resolve("TLS certificate valid: Expiry > 30 days", staging))
        .isEqualTo("TLS certificate valid: Expiry > 30 days");
  }

  @Test
  void aGateThresholdReadsAsConfigured() {
    assertThat(RunbookNames.resolve("API P95 (Target: {gates.api_p95.threshold})", staging))
        .isEqualTo("API P95 (Target: <= 300 ms)");
    assertThat(RunbookNames.resolve("Lag ({gates.no_such_gate.threshold})", staging))
        .isEqualTo("Lag ({gates.no_such_gate.threshold})");
  }

  @Test
  void theCanaryWeightReadsAsConfigured() {
    assertThat(
            RunbookNames.resolve(
                "Canary deployed successfully: {cadence.canary_weight}% traffic routing active",
                staging))
        .isEqualTo("Canary deployed successfully: 10% traffic routing active");
  }
}
