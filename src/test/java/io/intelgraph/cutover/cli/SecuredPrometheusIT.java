package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.BackfilledPrometheus;
import io.intelgraph.cutover.gate.Scenarios;
import io.intelgraph.cutover.sandbox.prometheus.WebSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code gates} and {@code replay} against the real Prometheus started with {@code
 * --web.config.file}: TLS with a CA made at test time and basic auth with a bcrypt hash
 * (https://prometheus.io/docs/prometheus/latest/configuration/https/). GREEN with the credentials;
 * an ERROR naming the endpoint and the key to fix without them, with a wrong password or without
 * the CA; never exit 0 then, and never the password in the output.
 */
class SecuredPrometheusIT {

  static final WebSecurity WEB = WebSecurity.basicAuthOverTls("cutover");
  static BackfilledPrometheus prometheus;
  @TempDir static Path directory;

  @BeforeAll
  static void start() {
    prometheus = BackfilledPrometheus.secured(Scenarios.standard(), WEB);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  /**
   * An environment on the secured Prometheus; {@code password} null = no prometheus.auth, {@code
   * withCa} false = no prometheus.tls.
   */
  static Path config(String name, String password, boolean withCa) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            "name: secured\nendpoints: {prometheus: '%s'}\nprometheus:\n  query_timeout: 10s\n"
                .formatted(prometheus.url()));
    if (password != null) {
      Path secret = Files.writeString(directory.resolve(name + "-password"), password + "\n");
      yaml.append(
          "  auth: {basic: {username: %s, password: {file: '%s'}}}\n"
              .formatted(WEB.username(), secret));
    }
    if (withCa) yaml.append("  tls: {ca_file: '%s'}\n".formatted(WEB.caFile()));
    return Files.writeString(directory.resolve(name + ".yaml"), yaml);
  }

  static CommandRun gates(Path config) {
    return CommandRun.of(
        "gates",
        "--config",
        config.toString(),
        "--at",
        Scenarios.HEALTHY_1.toString(),
        "--format",
        "json");
  }

  @Test
  void withTheCredentialsAndTheCaTheGatesAreGreen() throws IOException {
    CommandRun run = gates(config("right", WEB.password(), true));

    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("verdict").asString()).isEqualTo("GREEN");
    assertThat(run.json().get("prometheus").asString()).startsWith("https://127.0.0.1:");
    assertThat(run.json().get("gates"))
        .hasSize(11)
        .allSatisfy(g -> assertThat(g.get("outcome").asString()).isEqualTo("PASS"));
  }

  @Test
  void withTheCredentialsReplayIsGreenOverHealthyHistory() throws IOException {
    CommandRun run =
        CommandRun.of(
            "replay",
            "--config",
            config("replay", WEB.password(), true).toString(),
            "--from",
            Scenarios.HEALTHY_1.toString(),
            "--to",
            Scenarios.HEALTHY_2.toString(),
            "--step",
            "15m",
            "--format",
            "json");

    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("summary").get("worst_verdict").asString()).isEqualTo("GREEN");
    assertThat(run.json().get("summary").get("outcomes").get("PASS").asInt()).isPositive();
  }

  @Test
  void withoutCredentialsEveryGateIsAnErrorThatSaysToSetPrometheusAuth() throws IOException {
    CommandRun run = gates(config("none", null, true));

    assertThat(run.exit()).as(run.out()).isNotZero();
    assertThat(run.json().get("gates"))
        .hasSize(11)
        .allSatisfy(
            g -> {
              assertThat(g.get("outcome").asString()).isEqualTo("ERROR");
              assertThat(g.get("detail").asString())
                  .contains(
                      "Prometheus at %s/ answered 401 Unauthorized".formatted(prometheus.url()),
                      "it requires credentials and none are configured; set prometheus.auth (bearer_token or basic, secrets by reference)");
            });
  }

  @Test
  void aWrongPasswordIsANamedErrorInGatesAndReplayAndNeverShowsThePassword() throws IOException {
    String wrong = "not-" + WEB.password();
    Path config = config("wrong", wrong, true);

    CommandRun gates = gates(config);
    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            Scenarios.HEALTHY_1.toString(),
            "--to",
            Scenarios.HEALTHY_2.toString(),
            "--step",
            "15m",
            "--format",
            "json");

    assertThat(gates.exit()).isNotZero();
    JsonNode first = gates.json().get("gates").get(0);
    assertThat(first.get("outcome").asString()).isEqualTo("ERROR");
    assertThat(first.get("detail").asString())
        .contains(
            "Prometheus at %s/ answered 401 Unauthorized".formatted(prometheus.url()),
            "it refused the credentials of prometheus.auth (basic auth as 'cutover' (password secret(file:%s))); check the secret's value and the user name"
                .formatted(directory.resolve("wrong-password")));
    assertThat(replay.exit()).isNotZero();
    assertThat(replay.json().get("summary").get("outcomes").has("PASS")).as(replay.out()).isFalse();
    assertThat(replay.json().get("timeline").get(0).get("gates").get(0).get("detail").asString())
        .contains("answered 401 Unauthorized");
    assertThat(gates.out() + gates.err() + replay.out() + replay.err())
        .doesNotContain(wrong)
        .doesNotContain(WEB.password());
  }

  @Test
  void withoutTheCaTheTlsErrorPointsAtPrometheusTls() throws IOException {
    CommandRun run = gates(config("no-ca", WEB.password(), false));

    assertThat(run.exit()).isNotZero();
    assertThat(run.json().get("gates").get(0).get("outcome").asString()).isEqualTo("ERROR");
    assertThat(run.json().get("gates").get(0).get("detail").asString())
        .contains(
            "TLS with Prometheus at %s/ failed".formatted(prometheus.url()),
            "check that prometheus.tls.ca_file holds the CA that signed its certificate");
  }
}
