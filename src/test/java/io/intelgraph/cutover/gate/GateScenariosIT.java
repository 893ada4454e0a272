package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gates and the verdict rules against a real Prometheus holding the {@link Scenarios}. */
class GateScenariosIT {

  static BackfilledPrometheus prometheus;
  static Environment environment;
  static GateEvaluator evaluator;
  static List<Gate> gates;
  static final Baselines BASELINES = new Baselines(Map.of("api_p95", 0.25));

  @BeforeAll
  static void start() {
    prometheus = BackfilledPrometheus.start(Scenarios.standard());
    environment = prodExample(prometheus.url());
    evaluator = GateEvaluator.forEnvironment(environment);
    gates = Gate.all(environment, Scope.CANARY);
  }

  @AfterAll
  static void stop() {
    if (evaluator != null) evaluator.close();
    if (prometheus != null) prometheus.close();
  }

  static Environment prodExample(URI prometheusUrl) {
    return TestEnvironments.prodExample(
        Map.of("cutover.endpoints.prometheus", prometheusUrl.toString()));
  }

  static ReleaseVerdict check(List<List<GateEvaluation>> histories, Instant at) {
    return check(evaluator, histories, at);
  }

  static ReleaseVerdict check(
      GateEvaluator with, List<List<GateEvaluation>> histories, Instant at) {
    List<GateEvaluation> now = with.evaluateAll(gates, at, BASELINES);
    List<GateVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      if (histories.size() <= i) histories.add(new ArrayList<>());
      histories.get(i).add(now.get(i));
      verdicts.add(
          VerdictRules.decide(
              histories.get(i), VerdictRules.Rules.from(environment.cadence()), at));
    }
    return VerdictRules.release(verdicts);
  }

  static GateEvaluation gate(ReleaseVerdict release, String name) {
    return release.gates().stream()
        .filter(v -> v.gate().equals(name))
        .findFirst()
        .orElseThrow()
        .latest();
  }

  @Test
  void healthyTrafficStaysGreen() {
    List<List<GateEvaluation>> histories = new ArrayList<>();
    for (Instant at : List.of(Scenarios.HEALTHY_1, Scenarios.HEALTHY_2)) {
      ReleaseVerdict release = check(histories, at);
      assertThat(release.verdict())
          .as(release.reason() + " " + release.gates())
          .isEqualTo(Verdict.GREEN);
    }
    GateEvaluation p95 = gate(check(histories, Scenarios.HEALTHY_2), "api_p95");
    assertThat(p95.value().getAsDouble()).isBetween(0.2, 0.3);
    assertThat(p95.traffic().getAsDouble()).isGreaterThan(2_000);
    assertThat(p95.freshSamples().getAsDouble())
        .isBetween(8.0, 9.0); // one per 15 s scrape in the last 2m
    assertThat(p95.rawAnswer()).startsWith("{\"status\":\"success\"");
  }

  @Test
  void aBriefSpikeIsYellowThenGreen() {
    List<List<GateEvaluation>> histories = new ArrayList<>();
    ReleaseVerdict spike = check(histories, Scenarios.SPIKE);
    ReleaseVerdict after = check(histories, Scenarios.AFTER_SPIKE);

    assertThat(spike.verdict()).as(spike.reason()).isEqualTo(Verdict.YELLOW);
    assertThat(gate(spike, "error_ratio_5xx").outcome()).isEqualTo(Outcome.BREACH);
    assertThat(gate(spike, "error_ratio_5xx").detail())
        .matches("5xx ratio \\(canary\\) 1\\d(\\.\\d+)? % > 1 % at 2026-11-20T01:03:00Z");
    assertThat(after.verdict()).as(after.reason()).isEqualTo(Verdict.GREEN);
  }

  @Test
  void sustained5xxIsRedOnTheSecondConsecutiveCheck() {
    List<List<GateEvaluation>> histories = new ArrayList<>();
    ReleaseVerdict first = check(histories, Scenarios.SUSTAINED_1);
    ReleaseVerdict second = check(histories, Scenarios.SUSTAINED_2);

    assertThat(first.verdict()).as(first.reason()).isEqualTo(Verdict.YELLOW);
    assertThat(second.verdict()).isEqualTo(Verdict.RED);
    assertThat(second.reason()).isEqualTo("RED: error_ratio_5xx (second consecutive failure: RED)");
    assertThat(gate(second, "error_ratio_5xx").value().getAsDouble())
        .isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.002));
  }

  @Test
  void anAuthRegressionOnTheCriticalGateIsRedAtOnce() {
    ReleaseVerdict release = check(new ArrayList<>(), Scenarios.AUTH_REGRESSION);

    assertThat(release.verdict()).isEqualTo(Verdict.RED);
    assertThat(release.reason())
        .isEqualTo("RED: auth_error_ratio (critical gate failed (BREACH): RED)");
  }

  @Test
  void noTrafficIsNoDataNeverGreen() {
    ReleaseVerdict release = check(new ArrayList<>(), Scenarios.NO_TRAFFIC);

    assertThat(release.verdict()).isNotEqualTo(Verdict.GREEN);
    assertThat(gate(release, "error_ratio_5xx").outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(Double.isNaN(gate(release, "error_ratio_5xx").value().orElseThrow())).isTrue();
    assertThat(gate(release, "api_p95").outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(gate(release, "kafka_lag").outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void aSeriesThatStoppedReportingIsStaleThenNoData() {
    ReleaseVerdict stale = check(new ArrayList<>(), Scenarios.STALE);
    ReleaseVerdict gone = check(new ArrayList<>(), Scenarios.GONE);

    assertThat(stale.verdict()).isNotEqualTo(Verdict.GREEN);
    GateEvaluation p95 = gate(stale, "api_p95");
    assertThat(p95.outcome()).as(p95.detail()).isEqualTo(Outcome.STALE);
    assertThat(p95.value())
        .isPresent(); // rate() still answers from the old samples: only the freshness query sees it
    assertThat(p95.detail()).contains("no raw sample behind it in the last 2m (max_staleness)");
    assertThat(gone.verdict()).isNotEqualTo(Verdict.GREEN);
    assertThat(gate(gone, "error_ratio_5xx").outcome()).isEqualTo(Outcome.NO_DATA);
  }

  @Test
  void anEmptyAnswerIsNoDataNeverGreen() {
    // the answers' own judgement: with the metric contract, no series at all is an ERROR naming the
    // metric (MetricContractIT)
    ReleaseVerdict release =
        check(
            new GateEvaluator(new PromQlClient(prometheus.url(), Duration.ofSeconds(5))),
            new ArrayList<>(),
            Scenarios.BEFORE_DATA);

    assertThat(release.verdict())
        .isEqualTo(
            Verdict.YELLOW); // no data is no evidence of harm, even on the critical auth gate
    assertThat(release.gates())
        .filteredOn(v -> !v.gate().equals("burn_rate_alerts"))
        .extracting(v -> v.latest().outcome())
        .containsOnly(Outcome.NO_DATA);
    // its rules are loaded and "or vector(0)" answers 0, but Prometheus was not scraping then
    assertThat(gate(release, "burn_rate_alerts").outcome()).isEqualTo(Outcome.STALE);
  }

  @Test
  void prometheusDownIsAnErrorNeverGreen() {
    URI closed =
        URI.create("http://127.0.0.1:" + io.intelgraph.cutover.testing.LoopbackPorts.free());
    try (GateEvaluator down = new GateEvaluator(new PromQlClient(closed, Duration.ofSeconds(2)))) {
      List<GateEvaluation> evaluations = down.evaluateAll(gates, Scenarios.HEALTHY_1, BASELINES);
      List<GateVerdict> verdicts =
          evaluations.stream()
              .map(
                  e ->
                      VerdictRules.decide(
                          List.of(e),
                          VerdictRules.Rules.from(environment.cadence()),
                          e.evaluatedAt()))
              .toList();

      assertThat(evaluations).extracting(GateEvaluation::outcome).containsOnly(Outcome.ERROR);
      assertThat(evaluations.get(0).detail())
          .contains("is unreachable", "(UNREACHABLE)", "http_requests_total");
      // one check without Prometheus is no evidence of harm, even on the critical gates; the second
      // one is RED
      assertThat(VerdictRules.release(verdicts).verdict()).isEqualTo(Verdict.YELLOW);
      List<GateEvaluation> again = down.evaluateAll(gates, Scenarios.HEALTHY_2, BASELINES);
      ReleaseVerdict second =
          VerdictRules.release(
              java.util.stream.IntStream.range(0, gates.size())
                  .mapToObj(
                      i ->
                          VerdictRules.decide(
                              List.of(evaluations.get(i), again.get(i)),
                              VerdictRules.Rules.from(environment.cadence()),
                              Scenarios.HEALTHY_2))
                  .toList());
      assertThat(second.verdict()).isEqualTo(Verdict.RED);
      assertThat(second.reason())
          .startsWith("RED: error_ratio_5xx (second consecutive failure: RED)");
    }
  }

  @Test
  void aRejectedQueryIsAnErrorCarryingPrometheusReason() {
    Gate broken =
        new Gate(
            gates.get(0).spec(),
            Scope.CANARY,
            "sum(rate(http_requests_total[5m]",
            gates.get(0).trafficQuery(),
            gates.get(0).freshnessQuery());

    GateEvaluation e = evaluator.evaluate(broken, Scenarios.HEALTHY_1, BASELINES);

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail())
        .contains(
            "Prometheus rejected 'sum(rate(http_requests_total[5m]' (HTTP 400, bad_data)",
            "(QUERY_ERROR)");
  }

  @Test
  void severalSeriesWhereOneIsExpectedIsAnError() {
    Gate unaggregated =
        new Gate(
            gates.get(0).spec(),
            Scope.CANARY,
            "rate(http_requests_total[5m])",
            gates.get(0).trafficQuery(),
            gates.get(0).freshnessQuery());

    GateEvaluation e = evaluator.evaluate(unaggregated, Scenarios.HEALTHY_1, BASELINES);

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail()).contains("expected at most one series", "aggregate the query");
  }

  @Test
  void allDefaultGatesAreEvaluatedQuickly() {
    evaluator.evaluateAll(gates, Scenarios.HEALTHY_1, BASELINES); // warm
    long started = System.nanoTime();
    evaluator.evaluateAll(gates, Scenarios.HEALTHY_2, BASELINES);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // the target is 250 ms; the bound leaves room for a loaded CI runner
    assertThat(took).as("all %d gates", gates.size()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void replayAgreesWithLiveEvaluationAndFindsTheFirstRed() {
    PromQlClient client = new PromQlClient(prometheus.url(), Duration.ofSeconds(5));
    ReplayReport report =
        new Replay(client, VerdictRules.Rules.from(environment.cadence()))
            .run(gates, Scenarios.at(15), Scenarios.at(225), Duration.ofMinutes(15), BASELINES);

    assertThat(report.summary().steps()).isEqualTo(15);
    assertThat(report.summary().worst()).isEqualTo(Verdict.RED);
    assertThat(report.summary().firstRed()).contains(Scenarios.SUSTAINED_2);
    assertThat(report.summary().firstRedReason())
        .contains("RED: error_ratio_5xx (second consecutive failure: RED)");
    for (ReplayReport.Step step : report.timeline()) {
      List<GateEvaluation> live = evaluator.evaluateAll(gates, step.at(), BASELINES);
      for (int g = 0; g < gates.size(); g++) {
        GateEvaluation replayed = step.gates().get(g).latest();
        assertThat(replayed.outcome())
            .as(
                "%s at %s: replay %s, live %s",
                gates.get(g).name(), step.at(), replayed.detail(), live.get(g).detail())
            .isEqualTo(live.get(g).outcome());
        assertThat(replayed.detail()).isEqualTo(live.get(g).detail());
      }
    }
  }
}
