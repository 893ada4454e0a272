package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The expected OPA bundle revision is configuration: the sandbox declares it like any environment
 * would.
 */
class OpaExpectationConfigTest {

  @Test
  void theSandboxReadsTheExpectedRevisionFromItsOpaDeploymentsAnnotation() {
    Preflight preflight = TestEnvironments.sandbox(Map.of(), Map.of()).load().preflight();

    assertThat(preflight.opaExpectedRevision()).isEmpty();
    assertThat(preflight.opaExpectedRevisionFrom())
        .contains(
            new Preflight.RevisionSource(
                Optional.empty(), "Deployment", "opa", "policy.intelgraph.ai/bundle-revision"));
  }

  @Test
  void aRevisionGivenOnTheCommandLineBesideTheAnnotationIsRefused() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.preflight.opa_expected_revision", "abc123"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`preflight`: name the expected OPA bundle revision once: opa_expected_revision or opa_expected_revision_from, not both");
  }

  @Test
  void anUnknownKindIsRefusedAtItsKey() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.preflight.opa_expected_revision_from.kind", "Pod"),
                        Map.of())
                    .load())
        .hasMessageContaining(
            "`preflight.opa_expected_revision_from`: opa_expected_revision_from.kind is 'Pod'; expected one of [Deployment, ConfigMap]");
  }

  @Test
  void theDefaultsConfigureNoExpectationSoTheLineCannotPassUntilOneIsGiven() {
    Preflight preflight = TestEnvironments.prodExample(Map.of()).preflight();

    assertThat(preflight.opaExpectedRevision()).isEmpty();
    assertThat(preflight.opaExpectedRevisionFrom()).isEmpty();
  }

  @Test
  void thePolicyEngineGateIsOnByDefaultCriticalOnTwentyDecisions() {
    Preflight.OpaGate gate = TestEnvironments.prodExample(Map.of()).preflight().opaGate();

    assertThat(gate).isEqualTo(new Preflight.OpaGate(true, 20, Threshold.parse("<= 5%"), true));
  }

  @Test
  void thePolicyEngineGateCanBeTurnedOffAndItsThresholdMustBeARatio() {
    assertThat(
            TestEnvironments.sandbox(
                    Map.of("cutover.preflight.opa_gate.enabled", "false"), Map.of())
                .load()
                .preflight()
                .opaGate()
                .enabled())
        .isFalse();
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.preflight.opa_gate.threshold", "<= 10ms"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`preflight.opa_gate`: opa_gate.threshold bounds the share of failed decisions; write it as a ratio, e.g. \"<= 5%\", got '<= 10 ms'");
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.preflight.opa_gate.samples", "0"), Map.of())
                    .load())
        .hasMessageContaining("opa_gate.samples must be at least 1, e.g. 20, got 0");
  }
}
