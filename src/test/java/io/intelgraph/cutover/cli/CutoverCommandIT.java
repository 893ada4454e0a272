package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.BackfilledPrometheus;
import io.intelgraph.cutover.gate.Scenarios;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code gates} and {@code replay} end to end against a real Prometheus holding the scenarios. */
class CutoverCommandIT {

  static BackfilledPrometheus prometheus;
  @TempDir static Path directory;
  static Path config;

  @BeforeAll
  static void start() throws IOException {
    prometheus = BackfilledPrometheus.start(Scenarios.standard());
    config = directory.resolve("it.yaml");
    Files.writeString(
        config,
        """
        name: it
        endpoints:
          api: http://127.0.0.1:1
          public_host: maestro.example
          prometheus: %s
          oidc_issuer: http://127.0.0.1:1/issuer
          opa: http://127.0.0.1:1
          cost: http://127.0.0.1:1
        cluster:
          namespace: ns
          ingress: ing
          routing_action: weighted-routing
          stable_service: api
          canary_service: api-canary
          stable_deployment: api
          canary_deployment: api-canary
        release:
          tag: v1
          runbook: https://example.invalid/runbook
        ledger:
          store: file
          path: target/it-ledger.json
        """
            .formatted(prometheus.url()));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  /** The same environment with the production example's relative limit on api_p95. */
  static Path relativeConfig() throws IOException {
    Path relative = directory.resolve("relative.yaml");
    Files.writeString(
        relative, Files.readString(config) + "gates:\n  api_p95:\n    max_above_baseline: 20%\n");
    return relative;
  }

  static JsonNode gate(CommandRun run, String name) {
    for (JsonNode gate : run.json().get("gates")) {
      if (gate.get("gate").asString().equals(name)) return gate;
    }
    throw new AssertionError("no gate %s in %s".formatted(name, run.out()));
  }

  @Test
  void withoutABaselineARelativeLimitSaysItCouldNotBeJudgedAndNeverExitsZero() throws IOException {
    CommandRun run =
        CommandRun.of(
            "gates",
            "--config",
            relativeConfig().toString(),
            "--at",
            Scenarios.HEALTHY_1.toString(),
            "--format",
            "json");

    assertThat(run.exit()).as(run.err() + run.out()).isNotZero();
    JsonNode p95 = gate(run, "api_p95");
    assertThat(p95.get("outcome").asString()).isEqualTo("ERROR");
    assertThat(p95.get("detail").asString())
        .contains(
            "cannot be judged against its baseline: max_above_baseline 20 % is set and no baseline",
            "give the T-30 value with --baseline GATE=VALUE (e.g. api_p95=210ms) or the cutover's ledger with --ledger target/cutover-ledger.json");
  }

  @Test
  void aBaselineGivenOnTheCommandLineJudgesTheRelativeLimitAndTheOutputShowsIt()
      throws IOException {
    CommandRun pass =
        CommandRun.of(
            "gates",
            "--config",
            relativeConfig().toString(),
            "--at",
            Scenarios.HEALTHY_1.toString(),
            "--format",
            "json",
            "--baseline",
            "api_p95=300ms");
    CommandRun breach =
        CommandRun.of(
            "gates",
            "--config",
            relativeConfig().toString(),
            "--at",
            Scenarios.HEALTHY_1.toString(),
            "--format",
            "json",
            "--baseline",
            "api_p95=0.001");

    assertThat(pass.exit()).as(pass.err() + pass.out()).isZero();
    JsonNode baseline = gate(pass, "api_p95").get("baseline");
    assertThat(baseline.get("baseline").asDouble()).isEqualTo(0.3);
    assertThat(baseline.get("ratio").asDouble()).isEqualTo(0.2);
    assertThat(baseline.get("limit").asDouble())
        .isCloseTo(0.36, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(baseline.get("source").asString()).isEqualTo("--baseline api_p95=300ms");
    assertThat(gate(pass, "api_p95").get("detail").asString())
        .contains("and <= baseline limit 360 ms = baseline 300 ms + 20 %");
    assertThat(gate(breach, "api_p95").get("outcome").asString()).isEqualTo("BREACH");
    assertThat(gate(breach, "api_p95").get("detail").asString())
        .contains("more than 20 % above the baseline 1 ms");
  }

  @Test
  void theLedgersT30BaselineJudgesTheRelativeLimitInGatesAndReplay() throws IOException {
    Path ledgerFile = directory.resolve("cutover-ledger.json");
    new FileLedgerStore(ledgerFile, "v1", Clock.systemUTC())
        .update(
            l ->
                l.withBaseline(
                    new Baseline(
                        "api_p95",
                        0.3,
                        "s",
                        "q",
                        Scenarios.START,
                        Optional.of(Duration.ofMinutes(5)))));

    CommandRun gates =
        CommandRun.of(
            "gates",
            "--config",
            relativeConfig().toString(),
            "--at",
            Scenarios.HEALTHY_1.toString(),
            "--format",
            "json",
            "--ledger",
            ledgerFile.toString());
    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            relativeConfig().toString(),
            "--from",
            Scenarios.HEALTHY_1.toString(),
            "--to",
            Scenarios.HEALTHY_2.toString(),
            "--step",
            "15m",
            "--format",
            "json",
            "--ledger",
            ledgerFile.toString());

    assertThat(gates.exit()).as(gates.err() + gates.out()).isZero();
    assertThat(gate(gates, "api_p95").get("baseline").get("source").asString())
        .startsWith("ledger " + ledgerFile);
    assertThat(gate(gates, "api_p95").get("baseline").get("at").asString())
        .isEqualTo(Scenarios.START.toString());
    assertThat(replay.exit()).as(replay.err() + replay.out()).isZero();
    assertThat(replay.json().get("timeline").get(0).get("gates"))
        .anySatisfy(
            g -> {
              assertThat(g.get("gate").asString()).isEqualTo("api_p95");
              assertThat(g.get("baseline_limit").asDouble())
                  .isCloseTo(0.36, org.assertj.core.data.Offset.offset(1e-9));
            });
  }

  @Test
  void healthyGatesExitZeroWithTheEvidenceInJson() {
    CommandRun run =
        CommandRun.of(
            "gates",
            "--config",
            config.toString(),
            "--at",
            Scenarios.HEALTHY_1.toString(),
            "--format",
            "json");

    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("verdict").asString()).isEqualTo("GREEN");
    assertThat(json.get("gates").size()).isEqualTo(11);
    JsonNode first = json.get("gates").get(0);
    assertThat(first.get("gate").asString()).isEqualTo("error_ratio_5xx");
    assertThat(first.get("outcome").asString()).isEqualTo("PASS");
    assertThat(first.get("query").asString()).contains("track=\"canary\"", "[5m]");
    assertThat(first.get("evidence").get(0).get("answer").asString())
        .startsWith("{\"status\":\"success\"");
  }

  @Test
  void aSingleFailingCheckIsYellowAndACriticalOneRed() {
    CommandRun sustained =
        CommandRun.of(
            "gates", "--config", config.toString(), "--at", Scenarios.SUSTAINED_1.toString());
    CommandRun auth =
        CommandRun.of(
            "gates", "--config", config.toString(), "--at", Scenarios.AUTH_REGRESSION.toString());

    assertThat(sustained.exit()).as(sustained.out()).isEqualTo(1);
    assertThat(sustained.out())
        .contains("error_ratio_5xx    BREACH     YELLOW", "YELLOW: error_ratio_5xx (first failure");
    assertThat(auth.exit()).as(auth.out()).isEqualTo(2);
    assertThat(auth.out()).contains("RED: auth_error_ratio (critical gate failed (BREACH): RED)");
  }

  @Test
  void prometheusDownNeverExitsZero() {
    String closed = "http://127.0.0.1:" + io.intelgraph.cutover.testing.LoopbackPorts.free();

    CommandRun run =
        CommandRun.of(
            "gates", "--config", config.toString(), "--prometheus", closed, "--format", "json");

    // an error is no evidence of harm, even on a critical gate: YELLOW on one check, RED on the
    // second
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.json().get("gates").get(0).get("outcome").asString()).isEqualTo("ERROR");
    assertThat(run.json().get("gates").get(0).get("detail").asString()).contains("is unreachable");
  }

  @Test
  void noDataNeverExitsZero() {
    CommandRun run =
        CommandRun.of(
            "gates",
            "--config",
            config.toString(),
            "--at",
            Scenarios.BEFORE_DATA.toString(),
            "--scope",
            "stable");

    assertThat(run.exit()).isNotZero();
    // before any series exists the metric contract already fails: ERROR naming the absent metric,
    // never a pass
    assertThat(run.out())
        .contains("error_ratio_5xx    ERROR", "no series of http_requests_total")
        .doesNotContain("PASS");
  }

  @Test
  void replayReportsTheWorstVerdictAndWhenRollbackWouldHaveFired() {
    CommandRun run =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            Scenarios.START.plusSeconds(900).toString(),
            "--to",
            Scenarios.STALE.toString(),
            "--step",
            "15m",
            "--format",
            "json");

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    JsonNode summary = run.json().get("summary");
    assertThat(summary.get("worst_verdict").asString()).isEqualTo("RED");
    assertThat(summary.get("first_red").asString()).isEqualTo(Scenarios.SUSTAINED_2.toString());
    assertThat(summary.get("first_red_reason").asString())
        .isEqualTo("RED: error_ratio_5xx (second consecutive failure: RED)");
    JsonNode firstStep = run.json().get("timeline").get(0);
    assertThat(firstStep.get("verdict").asString()).isEqualTo("GREEN");
    assertThat(firstStep.get("gates").get(0).get("outcome").asString()).isEqualTo("PASS");
    assertThat(firstStep.get("gates").get(0).get("value").isNumber()).isTrue();
  }

  @Test
  void replayAsATableEndsWithTheSummary() {
    CommandRun run =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            Scenarios.SUSTAINED_1.toString(),
            "--to",
            Scenarios.SUSTAINED_2.toString(),
            "--step",
            "15m");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out())
        .contains(
            "2026-11-20T02:00:00Z  RED    error_ratio_5xx=BREACH(5",
            "worst verdict: RED; first RED: 2026-11-20T02:00:00Z (RED: error_ratio_5xx (second consecutive failure: RED))");
  }
}
