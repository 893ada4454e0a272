package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad environment file stops the run with one message naming the file, the key, the bad value
 * and the fix. Each file under {@code config/bad/} is {@code valid.yaml} with one defect.
 */
class BadConfigurationTest {

  private static final Path CONFIG = Path.of("src/test/resources/config");

  private static EnvironmentLoader loaderFor(
      String file, Map<String, String> extraProperties, Map<String, String> variables) {
    Map<String, String> properties = new java.util.HashMap<>(extraProperties);
    properties.put("cutover.config", CONFIG.resolve(file).toString());
    return new EnvironmentLoader(properties, variables, Path.of("").toAbsolutePath());
  }

  @Test
  void theValidFileLoads() {
    Environment env = loaderFor("valid.yaml", Map.of(), Map.of()).load();

    assertThat(env.name()).isEqualTo("staging");
    assertThat(env.endpoints().prometheus()).hasToString("http://prometheus.monitoring:9090");
    assertThat(env.cadence().rateWindow()).hasToString("PT5M");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown-key                 | `clustre` is not a known key; remove it or use one of:
      wrong-type                  | `cadence.canary_weight` 'twenty' is invalid; expected a whole number, e.g. 3
      checks-not-rising           | `cadence`: gate_checks_at must rise, each check after the one before, got [15m, 1h, 30m]
      malformed-url               | `endpoints.prometheus` 'prometheus monitoring 9090' is invalid; expected an absolute URL, e.g. https://prometheus.example:9090
      url-scheme                  | `endpoints.opa` 'ftp://opa:8181' is invalid; expected an absolute URL, e.g. https://prometheus.example:9090 (scheme 'ftp' is not http, https, ws or wss)
      malformed-duration          | `cadence.rate_window` '5 minutes' is invalid; expected a duration with a unit, e.g. 250ms, 15s, 5m, 1h30m
      missing-required            | `endpoints.api` is missing; add it to the environment file
      bad-threshold               | `gates.api_p95.threshold` '350ms' is invalid; expected a comparison, number and unit, e.g. '<= 350ms' or '<= 1%'
      bad-enum                    | `mode` 'yolo' is invalid; expected one of drive, observe
      not-yaml                    | is not valid YAML at line 13
      duplicate-key               | is not valid YAML at line 14
      ramp-not-to-100             | `cadence`: ramp_steps must end at 100, got [40, 60, 80]
      unknown-gate-key            | `gates.api_p95.treshold` is not a known key; remove it or use one of: alert_rules, compare_with_stable, critical, description, freshness_query, group_by, max_above_baseline
      traffic-without-query       | `gates.kafka_lag`: min_traffic is set but traffic_query is missing: add the query that counts requests in the window
      window-shorter-than-scrapes | `cadence`: rate_window PT20S must span at least two scrape intervals (PT15S)
      section-not-mapping         | `prometheus` 'http://x' is not a mapping; write its fields as `key: value` lines under `prometheus:`
      bad-tag                     | `release`: release tag may hold only letters, digits and . _ + -
      baseline-on-lower-bound     | max_above_baseline bounds a value from above, but threshold '>= 1000' bounds it from below; remove max_above_baseline from this gate
      stable-ratio-below-one      | `gates.api_p95.compare_with_stable`: max_ratio must be at least 1 (1.3 = canary up to 30 % worse), got 0.9
      stable-difference-wrong-unit | `gates.api_p95`: compare_with_stable.min_difference is '0.2 %' but threshold '<= 350 ms' is in seconds; write it in the threshold's unit, e.g. 20ms
      """)
  void badFileStopsTheRunNamingFileKeyValueAndFix(String file, String expected) {
    assertThatThrownBy(() -> loaderFor("bad/" + file + ".yaml", Map.of(), Map.of()).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(CONFIG.toAbsolutePath().resolve("bad/" + file + ".yaml").toString())
        .hasMessageContaining(expected);
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    assertThatThrownBy(
            () ->
                loaderFor(
                        "valid.yaml",
                        Map.of("cutover.cadence.soak", "long", "cutover.endpoints.cost", "nope"),
                        Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("`cadence.soak` 'long' is invalid")
        .hasMessageContaining("`endpoints.cost` 'nope' is invalid");
  }

  @Test
  void aMistypedOverrideIsAnUnknownKeyNotSilentlyIgnored() {
    assertThatThrownBy(
            () ->
                loaderFor("valid.yaml", Map.of("cutover.cadence.rate_windo", "1m"), Map.of())
                    .load())
        .hasMessageContaining("`cadence.rate_windo` is not a known key");
  }

  @Test
  void aVariableThatMatchesNoKeyIsRefused() {
    assertThatThrownBy(
            () ->
                loaderFor("valid.yaml", Map.of(), Map.of("CUTOVER_CADENCE_RATE_WINDO", "1m"))
                    .load())
        .hasMessageContaining(
            "environment variable CUTOVER_CADENCE_RATE_WINDO matches no configuration key");
  }

  @Test
  void aMissingConfigFileSaysWhereItLooked() {
    assertThatThrownBy(() -> loaderFor("nope.yaml", Map.of(), Map.of()).load())
        .hasMessageStartingWith("-Dcutover.config=")
        .hasMessageContaining("nope.yaml: no such file");
  }

  @Test
  void anUnknownEnvironmentNameListsTheBuiltIns() {
    assertThatThrownBy(
            () ->
                new EnvironmentLoader(Map.of("cutover.env", "prdo"), Map.of(), Path.of("target"))
                    .load())
        .hasMessageContaining("-Dcutover.env=prdo: no environment of that name")
        .hasMessageContaining(
            "the built-in /environments/prdo.yaml on the classpath: prod.example ships with the suite, sandbox with its test fixtures");
  }

  @Test
  void theDocumentedProductionExampleIsValidOnceItsSecretsResolve() {
    Environment env = TestEnvironments.prodExample(Map.of());

    assertThat(env.name()).isEqualTo("prod");
    assertThat(env.evidence().signingKey())
        .hasValueSatisfying(key -> assertThat(key).hasToString("secret(env:EVIDENCE_SIGNING_KEY)"));
    assertThat(env.cadence().gateInterval()).hasToString("PT15M");
    assertThat(env.cadence().gateChecksAt())
        .extracting(GateCheckOffset::label)
        .containsExactly("T+15", "T+30", "T+60");
    assertThat(env.cadence().clockFrom()).isEqualTo(Cadence.ClockFrom.T0);
    assertThat(env.slo().complianceMin()).hasToString(">= 99 %");
    assertThat(env.evidence().reportWindow()).hasToString("PT2H");
    assertThat(env.evidence().allowPartial()).isFalse();
    assertThat(env.gates().get("api_p95").maxAboveBaseline()).contains(0.2);
  }

  @Test
  void theProductionExampleWithoutItsSecretsSaysWhichVariableToExport() {
    assertThatThrownBy(
            () ->
                new EnvironmentLoader(
                        Map.of("cutover.env", "prod.example"), Map.of(), Path.of("target"))
                    .load())
        .hasMessage(
            """
            built-in prod.example.yaml: 2 problems
              - `rollback.webhook_token` refers to environment variable ROLLBACK_WEBHOOK_TOKEN, which is not set; export it (e.g. from a CI secret)
              - `evidence.signing_key` refers to environment variable EVIDENCE_SIGNING_KEY, which is not set; export it (e.g. from a CI secret)"""
                .replace("\n", System.lineSeparator()));
  }
}
