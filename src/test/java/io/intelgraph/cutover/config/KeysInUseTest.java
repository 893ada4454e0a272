package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysInUseTest {

  @TempDir Path directory;

  private Environment load(String yaml, KeysInUse used) throws IOException {
    Path file = Files.writeString(directory.resolve("partial.yaml"), yaml);
    return new EnvironmentLoader(Map.of("cutover.config", file.toString()), Map.of(), directory)
        .load(used);
  }

  @Test
  void gatesRunWithAFileHoldingOnlyPrometheusAndTheGates() throws IOException {
    Environment env =
        load(
            """
        endpoints: {prometheus: http://127.0.0.1:9090}
        gates:
          api_p95: {query: 'histogram_quantile(0.95, x)', threshold: '<= 350ms', min_traffic: 0}
        """,
            KeysInUse.GATES);

    assertThat(env.endpoints().prometheus()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    assertThat(env.gates()).containsKey("api_p95");
    assertThat(env.release())
        .as("release is read by the gates only if present, and this file has no tag")
        .isNull();
    assertThat(env.cluster())
        .as("the cluster section is not read by the gates, so it is not bound at all")
        .isNull();
  }

  @Test
  void aSectionTheCommandDoesNotReadIsNotBoundEvenWhenValid() throws IOException {
    Environment env =
        load(
            """
        endpoints: {prometheus: http://127.0.0.1:9090, api: http://127.0.0.1:4000}
        cluster: {namespace: intelgraph}
        gates:
          api_p95: {query: 'histogram_quantile(0.95, x)', threshold: '<= 350ms', min_traffic: 0}
        """,
            KeysInUse.GATES);

    assertThat(env.cluster()).as("cluster: valid, but not read by the gates").isNull();
    assertThat(env.kpi()).as("kpi: only in defaults.yaml, not read by the gates").isNull();
    assertThat(env.endpoints().api())
        .as("a single value outside is still bound as before: only sections are skipped")
        .hasToString("http://127.0.0.1:4000");
    assertThat(env.gatesSwitchedOff()).as("the gates read what was switched off").isEmpty();
  }

  @Test
  void anUnknownKeyDeepInASectionNotReadIsStillReported() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    endpoints: {prometheus: http://127.0.0.1:9090}
                    closeout:
                      approvals:
                        rolez: {}
                    """,
                    KeysInUse.GATES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`closeout.approvals.rolez` is not a known key; remove it or use one of:");
  }

  @Test
  void theReleaseIsReadByTheGatesWhenPresentAndNeverReportedWhenNot() throws IOException {
    Environment env =
        load(
            """
        release: {tag: v1.0.0-GA}
        endpoints: {prometheus: http://127.0.0.1:9090}
        """,
            KeysInUse.GATES);

    assertThat(env.release().tag())
        .as("gates --ledger checks the ledger's release")
        .isEqualTo("v1.0.0-GA");
  }

  @Test
  void theSameFileIsRefusedForTheRunOfShowNamingWhatIsMissing() {
    assertThatThrownBy(
            () -> load("endpoints: {prometheus: http://127.0.0.1:9090}\n", KeysInUse.EVERYTHING))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`release.tag` is missing")
        .hasMessageContaining("`endpoints.api` is missing")
        .hasMessageContaining("`cluster.namespace` is missing");
  }

  @Test
  void goldensRunWithOnlyTheApiTheIssuerAndTheirOwnKeys() throws IOException {
    Environment env =
        load(
            """
        endpoints: {api: http://127.0.0.1:4000, oidc_issuer: http://127.0.0.1:8080/realms/r}
        oidc: {client_id: suite}
        goldens: {token: client_credentials}
        """,
            KeysInUse.GOLDENS);

    assertThat(env.goldens().token()).isEqualTo(Goldens.TokenSource.CLIENT_CREDENTIALS);
    assertThat(env.oidc().clientId()).isEqualTo("suite");
    assertThat(env.endpoints().prometheus()).isNull();
  }

  @Test
  void aKeyInUseThatIsInvalidIsStillReported() {
    assertThatThrownBy(
            () -> load("endpoints: {prometheus: not-a-url}\ngates: {}\n", KeysInUse.GATES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`endpoints.prometheus` 'not-a-url' is invalid");
  }

  @Test
  void anUnknownKeyIsReportedWhoeverReadsIt() {
    assertThatThrownBy(
            () ->
                load(
                    "endpoints: {prometheus: http://127.0.0.1:9090}\nreleas: {tag: v1}\n",
                    KeysInUse.GATES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`releas` is not a known key");
  }

  @Test
  void aKeyIsInUseBelowAboveOrAtAPrefix() {
    assertThat(KeysInUse.GATES.covers("gates.api_p95.threshold")).isTrue();
    assertThat(KeysInUse.GATES.covers("endpoints")).isTrue();
    assertThat(KeysInUse.GATES.covers("endpoints.api")).isFalse();
    assertThat(KeysInUse.GATES.covers("rollback.webhook_token")).isFalse();
  }
}
