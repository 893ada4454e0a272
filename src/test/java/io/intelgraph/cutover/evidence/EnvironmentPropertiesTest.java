package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.TestEnvironments;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentPropertiesTest {

  @Test
  void kubernetesTlsIsReportedVerifiedByDefault() {
    var properties =
        EnvironmentProperties.of(
                TestEnvironments.sandbox(Map.of(), Map.of()).load(), Optional.of("abc123"))
            .asMap();
    assertThat(properties).containsEntry("cluster.tls", "verified");
  }

  @Test
  void skippedKubernetesTlsVerificationIsAWarningInTheReport() {
    var properties =
        EnvironmentProperties.of(
                TestEnvironments.sandbox(
                        Map.of("cutover.cluster.insecure_skip_tls_verify", "true"), Map.of())
                    .load(),
                Optional.of("abc123"))
            .asMap();
    assertThat(properties)
        .containsEntry(
            "cluster.tls", "WARNING: NOT VERIFIED (cluster.insecure_skip_tls_verify: true)");
  }
}
