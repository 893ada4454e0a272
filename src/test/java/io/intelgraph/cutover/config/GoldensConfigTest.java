package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoldensConfigTest {

  private static Environment load(String env, Map<String, String> properties) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put("cutover.env", env);
    return new EnvironmentLoader(all, TestEnvironments.PROD_SECRETS, Path.of("target/no-such-dir"))
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
        .load();
  }

  @Test
  void sandboxHasTheGoldensTargetsDocumentsAndTheMockLoginClaims() {
    Environment env = load("sandbox", Map.of());

    assertThat(env.goldens().targets().graphQuery()).isEqualTo(Duration.ofMillis(1200));
    assertThat(env.goldens().operations().graphNeighborhood().operationName())
        .isEqualTo("Neighborhood");
    assertThat(env.goldens().expiredToken()).isEmpty();
    assertThat(env.oidc().login().extraFields().get("claims")).contains("{{tenant}}");
    assertThat(env.oidc().allowedAlgorithms()).containsExactly("RS256", "ES256");
  }

  @Test
  void prodExampleIsAPublicClientWithItsGoldenUsers() {
    Environment env = load("prod.example", Map.of());

    assertThat(env.oidc().clientSecret()).isEmpty();
    assertThat(env.oidc().login().otherTenantUsername()).contains("golden-probe-b@intelgraph.ai");
  }

  @Test
  void anHmacAlgorithmIsRefusedWithTheFix() {
    assertThatThrownBy(
            () -> load("sandbox", Map.of("cutover.oidc.allowed_algorithms", "RS256, HS256")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "allowed_algorithms contains 'HS256'; only asymmetric signatures are accepted");
  }

  @Test
  void anInlineClientSecretIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> load("sandbox", Map.of("cutover.oidc.client_secret", "hunter2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`oidc.client_secret` must be a reference, not a value")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void aDocumentWithoutItsOperationIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "sandbox",
                    Map.of("cutover.goldens.operations.entity.operation_name", "ReadEntity")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("document does not define operation 'ReadEntity'");
  }

  @Test
  void noEdgeHasAStandardTrackHeaderSoNoneIsAssumedAndTheCanaryBoundsHaveDefaults() {
    Environment env =
        load(
            "sandbox",
            Map.of()); // the running sandbox adds its router's header; the file states none

    assertThat(env.goldens().trackHeader()).isEmpty();
    assertThat(env.endpoints().canaryApi()).isEmpty();
    assertThat(env.goldens().trackValues().canary()).containsExactly("canary");
    assertThat(env.goldens().trackValues().stable()).containsExactly("stable");
    assertThat(env.goldens().canaryMaxRuns()).isEqualTo(100);
    assertThat(env.goldens().canaryMaxDuration()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theTrackHeaderTheCanaryEndpointAndTheirValuesAreConfigurable() {
    Environment env =
        load(
            "prod.example",
            Map.of(
                "cutover.goldens.track_header",
                "x-envoy-upstream-cluster",
                "cutover.goldens.track_values.canary",
                "intelgraph-api-canary"));

    assertThat(env.goldens().trackHeader()).contains("x-envoy-upstream-cluster");
    assertThat(env.goldens().trackValues().canary()).containsExactly("intelgraph-api-canary");
    assertThat(env.endpoints().canaryApi())
        .contains(java.net.URI.create("http://intelgraph-api-canary.intelgraph-maestro:8080"));
  }

  @Test
  void aTrackHeaderThatIsNoHeaderNameIsRefusedWithTheFix() {
    assertThatThrownBy(() -> load("sandbox", Map.of("cutover.goldens.track_header", "served by")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "track_header 'served by' is not an HTTP header name (RFC 9110 token); give the header the edge sets, e.g. x-track");
  }

  @Test
  void aValueNamingBothTracksIsRefused() {
    assertThatThrownBy(
            () -> load("sandbox", Map.of("cutover.goldens.track_values.stable", "Canary")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "track_values: 'canary' is listed for both canary and stable; a value must name one track");
  }

  @Test
  void canaryMaxRunsBelowTheSamplesCouldNeverBeMetAndIsRefused() {
    assertThatThrownBy(() -> load("sandbox", Map.of("cutover.goldens.canary_max_runs", "2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("canary_max_runs 2 is below samples 3");
  }
}
