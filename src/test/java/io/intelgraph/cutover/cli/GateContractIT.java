package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.gate.BackfilledPrometheus;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.ScenarioData;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hole the metric contract closes, against a real Prometheus: the API's series carry {@code
 * status} (the run of show's label), the canary serves a sustained 3 % 5xx from minute 30. Matching
 * on {@code status_code}, the 5xx gate's {@code or vector(0)} reads 0 %: without the contract that
 * is a PASS; with it the T-15 line names the label, and {@code gates} and {@code replay} are never
 * GREEN. With {@code prometheus.labels.status: status} the gate breaches and the replay goes RED.
 */
class GateContractIT {

  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static BackfilledPrometheus prometheus;

  @TempDir Path directory;

  @BeforeAll
  static void start() {
    prometheus =
        BackfilledPrometheus.start(
            new ScenarioData(
                START,
                Duration.ofMinutes(120),
                Duration.ofSeconds(15),
                List.of(
                    new ScenarioData.Segment(Duration.ZERO, ScenarioData.Phase.HEALTHY),
                    new ScenarioData.Segment(
                        Duration.ofMinutes(30), ScenarioData.Phase.SUSTAINED_3PCT_5XX))));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  static Instant at(long minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  static Environment environment(String statusLabel) {
    return TestEnvironments.prodExample(
        Map.of(
            "cutover.endpoints.prometheus",
            prometheus.url().toString(),
            "cutover.prometheus.labels.status",
            statusLabel));
  }

  Path config(String statusLabel) throws IOException {
    return Files.writeString(
        directory.resolve(statusLabel + ".yaml"),
        "endpoints: {prometheus: '%s'}\nprometheus: {labels: {status: %s}}\n"
            .formatted(prometheus.url(), statusLabel));
  }

  @Test
  void withoutTheContractAWrongStatusLabelReadsZeroErrorsAndPasses() {
    Environment env = environment("status_code");
    try (GateEvaluator blind =
        new GateEvaluator(new PromQlClient(prometheus.url(), Duration.ofSeconds(5)))) {
      GateEvaluation errors =
          blind.evaluate(Gate.all(env, Scope.CANARY).get(0), at(60), Baselines.none());

      assertThat(errors.gate()).isEqualTo("error_ratio_5xx");
      assertThat(errors.outcome()).as(errors.detail()).isEqualTo(Outcome.PASS);
      assertThat(errors.value().getAsDouble()).isZero();
    }
  }

  @Test
  void theT15LineNamesTheLabelPresentAndTheKeyAndHoldsOnceTheLabelIsSet() {
    MetricContract.Proof wrong = MetricContract.proveEveryScope(environment("status_code"), at(60));

    assertThat(wrong.holds()).isFalse();
    assertThat(wrong.findings())
        .extracting(MetricContract.Finding::where)
        .containsExactly(
            "error_ratio_5xx (stable)",
            "auth_error_ratio (stable)",
            "error_ratio_5xx (canary)",
            "auth_error_ratio (canary)",
            "error_ratio_5xx (all)",
            "auth_error_ratio (all)");
    assertThat(wrong.problems())
        .contains(
            "error_ratio_5xx (canary): http_requests_total has labels {status, track}; error_ratio_5xx"
                + " matches on status_code (gates.error_ratio_5xx.query): set prometheus.labels.status (or the gate's query)");

    MetricContract.Proof right = MetricContract.proveEveryScope(environment("status"), at(60));
    assertThat(right.problems()).as(right.describe()).isEmpty();
  }

  @Test
  void noSeriesAtAllInTheLookbackIsNamedNeverPassed() {
    MetricContract.Proof before =
        MetricContract.proveEveryScope(environment("status"), START.minus(Duration.ofHours(3)));

    assertThat(before.holds()).isFalse();
    assertThat(before.problems())
        .contains(
            "kafka_lag (stable): no series of kafka_consumer_lag_sum between 2026-11-19T20:55:00Z and"
                + " 2026-11-19T21:00:00Z: kafka_lag reads it; check the metric name in gates.kafka_lag and that Prometheus scrapes it");
  }

  @Test
  void gatesOnTheWrongLabelAreNeverGreen() throws IOException {
    Path config = config("status_code");
    for (long minute = 15; minute <= 120; minute += 15) {
      CommandRun run =
          CommandRun.of("gates", "--config", config.toString(), "--at", at(minute).toString());

      assertThat(run.exit())
          .as(
              "gates at %s exits with YELLOW or RED, never GREEN: %s%s",
              at(minute), run.out(), run.err())
          .isPositive();
      assertThat(run.out().lines().filter(l -> l.startsWith("error_ratio_5xx ")))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .matches("error_ratio_5xx +ERROR .*")
                      .contains(
                          "http_requests_total has labels {status, track}; error_ratio_5xx matches on status_code (gates.error_ratio_5xx.query):"
                              + " set prometheus.labels.status (or the gate's query)"));
    }
    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            at(15).toString(),
            "--to",
            at(120).toString());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isPositive();
    assertThat(replay.out())
        .doesNotContainPattern("Z  GREEN ")
        .contains(
            "error_ratio_5xx ERROR: error_ratio_5xx (canary) cannot be judged at 2026-11-20T02:00:00Z");
  }

  @Test
  void withTheStatusLabelSetThe5xxGateBreachesAndTheReplayIsRed() throws IOException {
    Path config = config("status");

    CommandRun gates =
        CommandRun.of("gates", "--config", config.toString(), "--at", at(60).toString());
    assertThat(gates.out().lines().filter(l -> l.startsWith("error_ratio_5xx ")))
        .singleElement()
        .satisfies(
            line -> assertThat(line).matches("error_ratio_5xx +BREACH +YELLOW +3(\\.\\d+)? % .*"));
    assertThat(gates.exit()).as(gates.out()).isEqualTo(1);

    CommandRun replay =
        CommandRun.of(
            "replay",
            "--config",
            config.toString(),
            "--from",
            at(15).toString(),
            "--to",
            at(120).toString());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isEqualTo(2);
    assertThat(replay.out())
        .contains(
            "first RED: 2026-11-20T01:00:00Z (RED: error_ratio_5xx (second consecutive failure: RED))");
  }
}
