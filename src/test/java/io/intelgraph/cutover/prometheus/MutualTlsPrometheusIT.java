package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import io.intelgraph.cutover.sandbox.prometheus.WebSecurity;
import io.intelgraph.cutover.sandbox.tls.SandboxCa;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client certificate of {@code prometheus.tls} against the real Prometheus requiring one
 * ({@code client_auth_type: RequireAndVerifyClientCert} in its {@code --web.config.file},
 * https://prometheus.io/docs/prometheus/latest/configuration/https/), with basic auth on top.
 */
class MutualTlsPrometheusIT {

  static final WebSecurity WEB = WebSecurity.basicAuthOverMutualTls("cutover");
  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");
  static PrometheusServer prometheus;
  @TempDir static Path directory;

  @BeforeAll
  static void start() {
    prometheus = PrometheusServer.builder().secured(WEB).start();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  static PrometheusAccess access(Optional<Path> cert, Optional<Path> key) {
    PrometheusSettings.Auth auth =
        new PrometheusSettings.Auth(
            Optional.empty(),
            Optional.of(
                new PrometheusSettings.Basic(
                    WEB.username(),
                    new Secret("file:/run/secrets/prometheus-password", WEB.password()))));
    return PrometheusAccess.of(
        prometheus.baseUrl(),
        new PrometheusSettings(
            Duration.ofSeconds(10),
            SELECTORS,
            Optional.of(auth),
            Optional.of(new PrometheusSettings.Tls(Optional.of(WEB.caFile()), cert, key)),
            Map.of()));
  }

  @Test
  void theClientCertificateOfPrometheusTlsIsAccepted() {
    PromQlClient client =
        new PromQlClient(access(WEB.clientCertificate(), WEB.clientKey()), Duration.ofSeconds(10));

    assertThat(client.query("vector(1)", Instant.now()).singleSample())
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
  }

  @Test
  void withoutTheClientCertificateAQueryIsAnErrorPointingAtPrometheusTls() {
    PromQlClient client =
        new PromQlClient(access(Optional.empty(), Optional.empty()), Duration.ofSeconds(10));

    assertThatThrownBy(() -> client.query("vector(1)", Instant.now()))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining(
            "TLS with Prometheus at %s/ failed for 'vector(1)'".formatted(prometheus.baseUrl()))
        .hasMessageContaining(
            "when it requires a client certificate, prometheus.tls.cert_file and key_file")
        .message()
        .doesNotContain(WEB.password());
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedBeforeAnyQuery() {
    Path otherKey =
        SandboxCa.create("Another CA", Duration.ofDays(1))
            .issue("someone-else", Duration.ofDays(1), false)
            .writeKey(directory.resolve("other-key.pem"));

    assertThatThrownBy(() -> access(WEB.clientCertificate(), Optional.of(otherKey)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "prometheus.tls: the key in %s does not belong to the first certificate in %s (CN=cutover-runner)"
                .formatted(otherKey, WEB.clientCertificate().orElseThrow()));
  }
}
