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
 * {@code gates.<name>.enabled: false} drops a default gate and remembers who did it; an explicit
 * {@code null} unsets a default key.
 */
class GateSwitchesTest {

  @TempDir Path directory;

  /** What an environment file must name beside the sandbox's endpoints and the defaults. */
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
  void aGateSwitchedOffInTheFileIsGoneFromTheGatesAndNamesTheFile() throws IOException {
    Environment env =
        load(
            """
            gates:
              database_up:
                enabled: false
              api_p95:
                enabled: true
            """,
            Map.of());

    assertThat(env.gates()).doesNotContainKey("database_up").containsKeys("api_p95", "api_up");
    assertThat(env.gatesSwitchedOff())
        .containsExactly(Map.entry("database_up", directory.resolve("lab.yaml").toString()));
    assertThat(env.whyNoGate("database_up"))
        .isEqualTo(
            "gate database_up is switched off by %s (gates.database_up.enabled: false)"
                .formatted(directory.resolve("lab.yaml")));
    assertThat(env.switchedOffSummary())
        .isEqualTo(
            "gates switched off: database_up (by %s)".formatted(directory.resolve("lab.yaml")));
  }

  @Test
  void theLastLayerThatSetEnabledIsTheSource() throws IOException {
    Environment env =
        load(
            "gates: {api_up: {enabled: true}, database_up: {enabled: false}}\n",
            Map.of(
                "cutover.gates.api_up.enabled", "false",
                "cutover.gates.database_up.enabled", "true"));

    assertThat(env.gates()).containsKey("database_up").doesNotContainKey("api_up");
    assertThat(env.gatesSwitchedOff())
        .containsExactly(Map.entry("api_up", "-Dcutover.gates.api_up.enabled"));
  }

  @Test
  void aVariableSwitchesAGateOff() throws IOException {
    Path file = directory.resolve("lab.yaml");
    Files.writeString(file, BASICS);
    Environment env =
        new EnvironmentLoader(
                Map.of("cutover.config", file.toString()),
                Map.of("CUTOVER_GATES_DATABASE_UP_ENABLED", "false"),
                directory)
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load();

    assertThat(env.gatesSwitchedOff())
        .containsExactly(
            Map.entry("database_up", "environment variable CUTOVER_GATES_DATABASE_UP_ENABLED"));
  }

  @Test
  void aNullGateIsSwitchedOffNotMissing() throws IOException {
    Environment env = load("gates:\n  api_up: ~\n", Map.of());

    assertThat(env.gates()).doesNotContainKey("api_up");
    assertThat(env.gatesSwitchedOff()).containsOnlyKeys("api_up");
  }

  @Test
  void everyBadEnabledIsReportedWithTheOtherProblems() {
    assertThatThrownBy(
            () ->
                load(
                    "gates: {api_up: {enabled: maybe}, database_up: {enabled: 0}}\n",
                    Map.of("cutover.gates.api_p95.threshold", "fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`gates.api_up.enabled` is 'maybe'; expected true or false (false switches the gate off)")
        .hasMessageContaining("`gates.database_up.enabled` is '0'; expected true or false")
        .hasMessageContaining("gates.api_p95.threshold");
  }

  @Test
  void theSuiteFillsInTheSwitchedOffListNotTheFile() {
    assertThatThrownBy(() -> load("gates_switched_off: {api_up: me}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`gates_switched_off` is filled in by the suite; switch a gate off with `gates.NAME.enabled: false` instead");
  }

  @Test
  void switchingEveryGateOffSaysSo() {
    StringBuilder yaml = new StringBuilder("gates:\n");
    for (String gate : TestEnvironments.sandbox(Map.of(), Map.of()).load().gates().keySet()) {
      yaml.append("  ").append(gate).append(": {enabled: false}\n");
    }
    assertThatThrownBy(() -> load(yaml.toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least one gate is required; every gate is switched off");
  }

  @Test
  void anExplicitNullUnsetsADefaultKey() throws IOException {
    Environment env =
        load(
            """
            preflight:
              freeze:
                config_map: null
                key: ~
                ci_variable: DEPLOY_FREEZE
            """,
            Map.of());

    assertThat(env.preflight().freeze().configMap()).isEmpty();
    assertThat(env.preflight().freeze().key()).isEmpty();
    assertThat(env.preflight().freeze().ciVariable()).hasValue("DEPLOY_FREEZE");
  }

  @Test
  void withoutTheNullTheDefaultStillClashes() {
    assertThatThrownBy(() -> load("preflight: {freeze: {ci_variable: DEPLOY_FREEZE}}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "name exactly one of config_map (with key) or ci_variable; the built-in default is"
                + " config_map: deploy-freeze, so a ci_variable needs `config_map: null` beside it");
  }
}
