package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The endpoint's path prefix is kept; TLS settings on a cleartext URL and secrets in messages are
 * refused.
 */
class PrometheusAccessTest {

  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    "http://prometheus:9090,                          api/v1/query,            http://prometheus:9090/api/v1/query",
    "http://prometheus:9090/,                         api/v1/query_range,      http://prometheus:9090/api/v1/query_range",
    "https://mimir.example/prometheus,                api/v1/query,            https://mimir.example/prometheus/api/v1/query",
    "https://mimir.example/prometheus/,               api/v1/query,            https://mimir.example/prometheus/api/v1/query",
    "https://grafana.example/api/prom,                api/v1/rules?type=alert, https://grafana.example/api/prom/api/v1/rules?type=alert",
    "https://thanos.example:9091/tenant-a/prometheus, api/v1/query_range,      https://thanos.example:9091/tenant-a/prometheus/api/v1/query_range"
  })
  void theApiPathGoesBelowThePathPrefix(String endpoint, String apiPath, String expected) {
    assertThat(PrometheusAccess.anonymous(URI.create(endpoint)).resolve(apiPath))
        .hasToString(expected);
  }

  @Test
  void anAbsoluteApiPathWouldDropThePrefixAndIsABug() {
    assertThatThrownBy(
            () ->
                PrometheusAccess.anonymous(URI.create("https://mimir.example/prometheus"))
                    .resolve("/api/v1/query"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be relative to the base");
  }

  @Test
  void tlsSettingsOnACleartextEndpointAreAConfigurationError() {
    PrometheusSettings settings =
        new PrometheusSettings(
            Duration.ofSeconds(5),
            SELECTORS,
            Optional.empty(),
            Optional.of(
                new PrometheusSettings.Tls(Optional.empty(), Optional.empty(), Optional.empty())),
            Map.of());

    assertThatThrownBy(() -> PrometheusAccess.of(URI.create("http://prometheus:9090"), settings))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "prometheus.tls is set but endpoints.prometheus http://prometheus:9090 is not https: the CA and client certificate would"
                + " never be used; use the https:// URL of Prometheus's TLS listener");
  }

  @Test
  void theAccessPrintsReferencesAndRedactsEveryFormOfTheSecret() {
    Secret password = new Secret("env:PROM_PASSWORD", "s3cret-pa55");
    PrometheusSettings settings =
        new PrometheusSettings(
            Duration.ofSeconds(5),
            SELECTORS,
            Optional.of(
                new PrometheusSettings.Auth(
                    Optional.empty(),
                    Optional.of(new PrometheusSettings.Basic("cutover", password)))),
            Optional.empty(),
            Map.of("X-Scope-OrgID", "maestro"));
    PrometheusAccess access =
        PrometheusAccess.of(URI.create("https://prometheus.example"), settings);
    String encoded =
        java.util.Base64.getEncoder()
            .encodeToString(
                "cutover:s3cret-pa55".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(access)
        .hasToString(
            "https://prometheus.example/ (basic auth as 'cutover' (password secret(env:PROM_PASSWORD)), headers [X-Scope-OrgID])");
    assertThat(access.redact("proxy saw Basic " + encoded + " and password s3cret-pa55"))
        .isEqualTo(
            "proxy saw Basic [redacted: Authorization] and password secret(env:PROM_PASSWORD)");
  }
}
