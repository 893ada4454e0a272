package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.LabelNames;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.VectorSelector;
import io.intelgraph.cutover.testing.StubServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract judgement: which series and labels each default gate relies on, judged on the label
 * names API's answers of a Prometheus whose series are described as a table (metric: labels,
 * tracks).
 */
class MetricContractTest {

  static final Instant END = Instant.parse("2026-12-06T12:00:00Z");
  static final Instant START = END.minusSeconds(15);

  /**
   * The sandbox's series: the reference API labels its request counter's status {@code
   * status_code}.
   */
  static Map<String, Set<String>> sandboxSeries() {
    Map<String, Set<String>> series = new HashMap<>();
    series.put("http_requests_total", Set.of("track", "route", "method", "status_code", "tenant"));
    series.put(
        "http_request_duration_seconds_bucket", Set.of("track", "route", "method", "region", "le"));
    series.put("http_request_duration_seconds_count", Set.of("track", "route", "method", "region"));
    series.put("graph_query_duration_seconds_bucket", Set.of("track", "hops", "le"));
    series.put("graph_query_duration_seconds_count", Set.of("track", "hops"));
    series.put("kafka_consumer_lag_sum", Set.of("group"));
    series.put("kafka_topic_partition_current_offset", Set.of("topic"));
    series.put("up", Set.of("job", "track"));
    series.put("probe_success", Set.of("job", "database"));
    return series;
  }

  static Map<String, Set<String>> with(String metric, Set<String> labels) {
    Map<String, Set<String>> series = sandboxSeries();
    if (labels == null) series.remove(metric);
    else series.put(metric, labels);
    return series;
  }

  /**
   * A stand-in for the label names API over {@code series}: a selector matches a metric's series
   * when every label it names exists (a matcher on a missing label selects nothing) and, for {@code
   * track}, when that track exports the metric.
   */
  static Function<String, Object> labelsApi(Map<String, Set<String>> series, Set<String> tracks) {
    return match -> {
      VectorSelector selector = VectorSelector.in(match).get(0);
      Set<String> labels = series.get(selector.metricName().orElseThrow());
      boolean matches =
          labels != null
              && selector.matchers().stream()
                  .allMatch(
                      m ->
                          labels.contains(m.label())
                              && (!m.label().equals("track") || tracks.contains(m.value())));
      java.util.SortedSet<String> names = new TreeSet<>();
      if (matches) {
        names.add("__name__");
        names.addAll(labels);
      }
      return new LabelNames(
          match,
          names,
          "{\"status\":\"success\",\"data\":"
              + names.stream().map(n -> "\"" + n + "\"").toList()
              + "}");
    };
  }

  static Environment sandbox(String statusLabel) {
    return TestEnvironments.sandbox(
            Map.of("cutover.prometheus.labels.status", statusLabel), Map.of())
        .load();
  }

  static MetricContract.Proof judge(Environment env, Scope scope, Function<String, Object> api) {
    return MetricContract.judge(Gate.all(env, scope), api, env.prometheus(), START, END);
  }

  static Stream<Arguments> contracts() {
    Set<String> bothTracks = Set.of("stable", "canary");
    Set<String> statusNotCode = Set.of("track", "route", "method", "status", "tenant");
    return Stream.of(
        Arguments.of(
            "the sandbox's series and labels",
            "status_code",
            Scope.CANARY,
            sandboxSeries(),
            bothTracks,
            List.of()),
        Arguments.of(
            "every scope: all traffic",
            "status_code",
            Scope.ALL,
            sandboxSeries(),
            bothTracks,
            List.of()),
        Arguments.of(
            "labels status, the gates match on status_code",
            "status_code",
            Scope.CANARY,
            with("http_requests_total", statusNotCode),
            bothTracks,
            List.of(
                "error_ratio_5xx (canary): http_requests_total has labels {method, route, status, tenant, track}; error_ratio_5xx matches on"
                    + " status_code (gates.error_ratio_5xx.query): set prometheus.labels.status (or the gate's query)",
                "auth_error_ratio (canary): http_requests_total has labels {method, route, status, tenant, track}; auth_error_ratio matches on"
                    + " status_code (gates.auth_error_ratio.query): set prometheus.labels.status (or the gate's query)")),
        Arguments.of(
            "labels status, the status label set to status",
            "status",
            Scope.CANARY,
            with("http_requests_total", statusNotCode),
            bothTracks,
            List.of()),
        Arguments.of(
            "a metric with no series at all",
            "status_code",
            Scope.STABLE,
            with("kafka_consumer_lag_sum", null),
            bothTracks,
            List.of(
                "kafka_lag (stable): no series of kafka_consumer_lag_sum between 2026-12-06T11:59:45Z and 2026-12-06T12:00:00Z: kafka_lag reads it;"
                    + " check the metric name in gates.kafka_lag and that Prometheus scrapes it",
                "kafka_lag_growth (stable): no series of kafka_consumer_lag_sum between 2026-12-06T11:59:45Z and 2026-12-06T12:00:00Z: kafka_lag_growth"
                    + " reads it; check the metric name in gates.kafka_lag_growth and that Prometheus scrapes it")),
        Arguments.of(
            "no track label on the series",
            "status_code",
            Scope.CANARY,
            with("graph_query_duration_seconds_count", Set.of("hops")),
            bothTracks,
            List.of(
                "graph_3hop_p95 (canary): graph_query_duration_seconds_count has labels {hops}; the canary scope's selector matches on track:"
                    + " set prometheus.selectors.canary")),
        Arguments.of(
            "the canary exports none",
            "status_code",
            Scope.CANARY,
            sandboxSeries(),
            Set.of("stable"),
            List.of(
                "error_ratio_5xx (canary)",
                "api_p95 (canary)",
                "api_p99 (canary)",
                "graph_3hop_p95 (canary)",
                "auth_error_ratio (canary)")),
        Arguments.of(
            "a histogram without le",
            "status_code",
            Scope.STABLE,
            with("http_request_duration_seconds_bucket", Set.of("track", "route")),
            bothTracks,
            List.of(
                "api_p95 (stable): http_request_duration_seconds_bucket has labels {route, track}; api_p95 matches on le (gates.api_p95.query):"
                    + " a histogram quantile needs classic histogram _bucket series with le: point gates.api_p95.query at one",
                "api_p99 (stable): http_request_duration_seconds_bucket has labels {route, track}; api_p99 matches on le (gates.api_p99.query):"
                    + " a histogram quantile needs classic histogram _bucket series with le: point gates.api_p99.query at one")),
        Arguments.of(
            "a gate's own label missing",
            "status_code",
            Scope.STABLE,
            with("kafka_topic_partition_current_offset", Set.of("partition")),
            bothTracks,
            List.of(
                "dlq_ratio (stable): kafka_topic_partition_current_offset has labels {partition}; dlq_ratio matches on topic"
                    + " (gates.dlq_ratio.query): change gates.dlq_ratio.query",
                "dlq_ratio (stable): kafka_topic_partition_current_offset has labels {partition}; dlq_ratio matches on topic"
                    + " (gates.dlq_ratio.freshness_query): change gates.dlq_ratio.freshness_query")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contracts")
  void theContractHoldsOnlyWhenEverySeriesAndLabelExists(
      String situation,
      String statusLabel,
      Scope scope,
      Map<String, Set<String>> series,
      Set<String> tracks,
      List<String> expected) {
    MetricContract.Proof proof = judge(sandbox(statusLabel), scope, labelsApi(series, tracks));

    assertThat(proof.holds()).as(proof.describe()).isEqualTo(expected.isEmpty());
    if (expected.stream().allMatch(e -> e.contains(": "))) {
      assertThat(proof.problems()).as(proof.describe()).containsExactlyElementsOf(expected);
    } else {
      assertThat(proof.findings())
          .extracting(MetricContract.Finding::where)
          .containsExactlyElementsOf(expected);
      assertThat(proof.problems().get(0))
          .isEqualTo(
              "error_ratio_5xx (canary): no series of http_requests_total{track=\"canary\"} between"
                  + " 2026-12-06T11:59:45Z and 2026-12-06T12:00:00Z: http_requests_total has series, but none on the canary scope; check that the"
                  + " canary track is deployed and scraped, and prometheus.selectors.canary");
    }
    assertThat(proof.answered()).isTrue();
  }

  @Test
  void alertSeriesThatExistOnlyWhileFiringAreProvenByTheRulesApiNotHere() {
    Environment env = sandbox("status_code");
    List<String> asked = new ArrayList<>();
    Function<String, Object> api = labelsApi(sandboxSeries(), Set.of("stable", "canary"));

    MetricContract.Proof proof =
        MetricContract.judge(
            Gate.all(env, Scope.ALL),
            match -> {
              asked.add(match);
              return api.apply(match);
            },
            env.prometheus(),
            START,
            END);

    assertThat(proof.holds()).as(proof.describe()).isTrue();
    assertThat(asked).noneMatch(m -> m.startsWith("ALERTS")).contains("up");
  }

  @Test
  void aQueryWhoseSelectorsCannotBeReadBreaksItsGateOnly() {
    Environment env =
        TestEnvironments.sandbox(
                Map.of(
                    "cutover.prometheus.labels.status",
                    "status_code",
                    "cutover.gates.kafka_lag.query",
                    "max(kafka_consumer_lag_sum{group=\"ingest\")"),
                Map.of())
            .load();

    MetricContract.Proof proof =
        judge(env, Scope.STABLE, labelsApi(sandboxSeries(), Set.of("stable", "canary")));

    assertThat(proof.problems())
        .containsExactly(
            "kafka_lag (stable): gates.kafka_lag.query: cannot read the selectors of"
                + " 'max(kafka_consumer_lag_sum{group=\"ingest\")': expected a label name at offset 41, found ')'; check the query's braces and quotes");
  }

  @Test
  void anUnansweredQuestionIsABrokenContractNeverAHeldOne() {
    Environment env = sandbox("status_code");
    Function<String, Object> api = labelsApi(sandboxSeries(), Set.of("stable", "canary"));

    MetricContract.Proof proof =
        MetricContract.judge(
            Gate.all(env, Scope.STABLE),
            match ->
                match.startsWith("up")
                    ? PromQlException.badResponse(
                        "GET /api/v1/labels?match[]=" + match, "scripted outage")
                    : api.apply(match),
            env.prometheus(),
            START,
            END);

    assertThat(proof.holds()).isFalse();
    assertThat(proof.answered()).isFalse();
    assertThat(proof.problems())
        .containsExactly(
            "api_up (stable): could not ask whether up has series between 2026-12-06T11:59:45Z and 2026-12-06T12:00:00Z: scripted outage",
            "burn_rate_alerts (stable): could not ask whether up has series between 2026-12-06T11:59:45Z and 2026-12-06T12:00:00Z: scripted outage");
  }

  @Test
  void aBrokenContractTurnsAPassIntoAnErrorThatSaysWhyAndAHeldOneChangesNothing() {
    Environment env = sandbox("status_code");
    MetricContract.Proof proof =
        judge(
            env,
            Scope.CANARY,
            labelsApi(
                with("http_requests_total", Set.of("track", "status")),
                Set.of("stable", "canary")));
    GateEvaluation zeroErrors =
        new GateEvaluation(
            "error_ratio_5xx",
            Scope.CANARY,
            false,
            END,
            Outcome.PASS,
            java.util.OptionalDouble.of(0),
            Threshold.parse("<= 1%"),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.of(500),
            java.util.OptionalDouble.of(10),
            "5xx ratio (canary) 0 % <= 1 %",
            List.of(new Evidence("value", "q", "{}")));
    GateEvaluation kafka =
        new GateEvaluation(
            "kafka_lag",
            Scope.CANARY,
            false,
            END,
            Outcome.PASS,
            java.util.OptionalDouble.of(3),
            Threshold.parse("< 1000"),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.of(10),
            "lag 3",
            List.of(new Evidence("value", "q", "{}")));

    GateEvaluation judged = proof.judge(zeroErrors);

    assertThat(judged.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(judged.value()).isEmpty();
    assertThat(judged.detail())
        .isEqualTo(
            "error_ratio_5xx (canary) cannot be judged at 2026-12-06T12:00:00Z: its queries do not read this"
                + " Prometheus's series: http_requests_total has labels {status, track}; error_ratio_5xx matches on status_code"
                + " (gates.error_ratio_5xx.query): set prometheus.labels.status (or the gate's query)");
    assertThat(judged.evidence())
        .extracting(Evidence::query)
        .contains(
            "GET /api/v1/labels?match[]=http_requests_total",
            "GET /api/v1/labels?match[]=http_requests_total{track=\"canary\"}");
    assertThat(proof.judge(kafka)).isSameAs(kafka);
  }

  @Test
  void aProofThatHeldIsAskedOncePerRunAndABrokenOneAgainAtEveryCheck() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    Set<String> labels =
        new HashSet<>(
            Set.of(
                "__name__",
                "track",
                "route",
                "method",
                "status",
                "tenant",
                "le",
                "hops",
                "job",
                "database",
                "group",
                "topic",
                "region"));
    try (StubServer server =
        StubServer.start()
            .route(
                "/api/v1/labels",
                request -> {
                  asked.incrementAndGet();
                  return StubServer.Response.of(
                      200,
                      "{\"status\":\"success\",\"data\":"
                          + labels.stream().map(n -> "\"" + n + "\"").toList()
                          + "}");
                })) {
      Environment env = sandbox("status");
      MetricContract contract =
          MetricContract.forEnvironment(
              env, new PromQlClient(server.uri(""), Duration.ofSeconds(5)));
      List<Gate> gates = Gate.all(env, Scope.CANARY);

      assertThat(contract.provenAsync(gates, END).join().holds()).isTrue();
      int once = asked.get();
      assertThat(contract.provenAsync(gates, END.plusSeconds(5)).join().holds()).isTrue();
      assertThat(asked.get()).as("questions after a second check").isEqualTo(once);

      List<Gate> stable = Gate.all(env, Scope.STABLE);
      labels.remove("status");
      assertThat(contract.provenAsync(stable, END).join().holds()).isFalse();
      int broken = asked.get();
      assertThat(contract.provenAsync(stable, END).join().holds()).isFalse();
      assertThat(asked.get()).as("a broken proof is asked again").isGreaterThan(broken);
    }
  }
}
