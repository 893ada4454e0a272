package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code prometheus.auth}, {@code prometheus.tls} and {@code prometheus.headers}: validated at
 * load, secrets never echoed.
 */
class PrometheusAccessConfigTest {

  static final String PASSWORD = "hunter2-prometheus";

  @TempDir static Path directory;

  static Environment load(String yaml) {
    try {
      Path config = Files.writeString(Files.createTempFile(directory, "env-", ".yaml"), yaml);
      return new EnvironmentLoader(
              Map.of("cutover.config", config.toString()),
              Map.of("PROM_PASSWORD", PASSWORD, "PROM_TOKEN", "t0ken-value"),
              directory)
          .load(KeysInUse.GATES);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String prometheus(String endpoint, String settings) {
    return "endpoints: {prometheus: '%s'}\nprometheus:\n  query_timeout: 5s\n%s"
        .formatted(endpoint, settings);
  }

  static Stream<Arguments> refused() throws IOException {
    Path pem =
        Files.writeString(
            directory.resolve("client.pem"),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    return Stream.of(
        Arguments.of(
            "bearer and basic",
            "  auth: {bearer_token: {env: PROM_TOKEN}, basic: {username: u, password: {env: PROM_PASSWORD}}}\n",
            "`prometheus.auth`: both prometheus.auth.bearer_token and prometheus.auth.basic are set; keep one"),
        Arguments.of(
            "empty auth",
            "  auth: {}\n",
            "`prometheus.auth`: prometheus.auth is empty; set bearer_token: {env: VARIABLE}"),
        Arguments.of(
            "an inline token",
            "  auth: {bearer_token: " + PASSWORD + "}\n",
            "`prometheus.auth.bearer_token` must be a reference, not a value: write `{env: VARIABLE}` or `{file: /path/to/secret}`"),
        Arguments.of(
            "an inline password",
            "  auth: {basic: {username: u, password: " + PASSWORD + "}}\n",
            "`prometheus.auth.basic.password` must be a reference, not a value"),
        Arguments.of(
            "a password variable not set",
            "  auth: {basic: {username: u, password: {env: NOT_EXPORTED}}}\n",
            "`prometheus.auth.basic.password` refers to environment variable NOT_EXPORTED, which is not set; export it"),
        Arguments.of(
            "basic without password",
            "  auth: {basic: {username: u}}\n",
            "`prometheus.auth.basic.password` is missing"),
        Arguments.of(
            "a user name with a colon",
            "  auth: {basic: {username: 'a:b', password: {env: PROM_PASSWORD}}}\n",
            "prometheus.auth.basic.username must be a non-empty name without ':' (RFC 7617)"),
        Arguments.of(
            "a missing CA file",
            "  tls: {ca_file: /etc/no-such-ca.pem}\n",
            "prometheus.tls.ca_file /etc/no-such-ca.pem does not exist (or is not a file); give the path of a PEM file"),
        Arguments.of(
            "a certificate without its key",
            "  tls: {cert_file: '%s'}\n".formatted(pem),
            "prometheus.tls.cert_file is set without prometheus.tls.key_file; a client certificate needs both"),
        Arguments.of(
            "an Authorization header",
            "  headers: {Authorization: 'Bearer " + PASSWORD + "'}\n",
            "header Authorization in prometheus.headers is set by the client; remove it and give the credentials in prometheus.auth"),
        Arguments.of(
            "a header name with a space",
            "  headers: {'X Scope': a}\n",
            "header name 'X Scope' in prometheus.headers is not an HTTP token"),
        Arguments.of(
            "an unknown key",
            "  tls: {ca: /x.pem}\n",
            "`prometheus.tls.ca` is not a known key; remove it or use one of: ca_file, cert_file, key_file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aBadSettingIsRefusedAtLoadNamingTheKeyAndNeverEchoingASecret(
      String what, String settings, String message) {
    assertThatThrownBy(() -> load(prometheus("https://prometheus.example", settings)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> load(prometheus("https://cutover:" + PASSWORD + "@prometheus.example", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "endpoints.prometheus carries credentials in the URL; remove them from it and set prometheus.auth.basic")
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void aQueryInTheUrlIsRefusedAndAPathPrefixIsKept() {
    assertThatThrownBy(() -> load(prometheus("https://mimir.example/prometheus?tenant=a", "")))
        .hasMessageContaining(
            "endpoints.prometheus https://mimir.example/prometheus has a query or fragment; give the API's base URL");
    assertThat(load(prometheus("https://mimir.example/prometheus", "")).endpoints().prometheus())
        .hasToString("https://mimir.example/prometheus");
  }

  @Test
  void anonymousByDefaultWithNoExtraHeader() {
    PrometheusSettings settings = load(prometheus("http://prometheus:9090", "")).prometheus();

    assertThat(settings.auth()).isEmpty();
    assertThat(settings.tls()).isEmpty();
    assertThat(settings.headers()).isEmpty();
  }

  @Test
  void basicAuthResolvesItsPasswordByReferenceAndPrintsOnlyTheReference() throws IOException {
    Path ca =
        Files.writeString(
            directory.resolve("ca.pem"),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    Environment env =
        load(
            prometheus(
                "https://prometheus.example",
                """
          auth: {basic: {username: cutover, password: {env: PROM_PASSWORD}}}
          tls: {ca_file: '%s'}
          headers: {X-Scope-OrgID: maestro}
        """
                    .formatted(ca)));

    PrometheusSettings.Auth auth = env.prometheus().auth().orElseThrow();
    assertThat(auth.basic().orElseThrow().password().reveal()).isEqualTo(PASSWORD);
    assertThat(auth.describe())
        .isEqualTo("basic auth as 'cutover' (password secret(env:PROM_PASSWORD))");
    assertThat(env.prometheus().tls().orElseThrow().caFile()).contains(ca);
    assertThat(env.prometheus().headers()).containsExactly(Map.entry("X-Scope-OrgID", "maestro"));
    assertThat(env.toString()).doesNotContain(PASSWORD);
  }
}
