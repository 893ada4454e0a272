package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.RangeMatrix;
import io.intelgraph.cutover.prometheus.ResultType;
import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code gates.<name>.group_by}: one gate judged per label value, each group with min_traffic on
 * its own threshold, failing closed per group as per gate.
 */
class GatesPerGroupTest {

  static final Instant AT = Instant.parse("2026-12-07T07:00:00Z");
  static final String RATIO =
      "(sum by ({{group_by}}) (rate(http_requests_total{status_code=~\"5..\",{{selector}}}[{{window}}]))"
          + " or 0 * sum by ({{group_by}}) (rate(http_requests_total{{{selector}}}[{{window}}])))"
          + " / sum by ({{group_by}}) (rate(http_requests_total{{{selector}}}[{{window}}]))";
  static final String TRAFFIC =
      "sum by ({{group_by}}) (increase(http_requests_total{{{selector}}}[{{window}}]))";
  static final String FRESHNESS =
      "sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))";

  static GateSpec spec(String query, Optional<String> traffic, List<String> groupBy) {
    return new GateSpec(
        "error_ratio_5xx",
        "5xx ratio",
        query,
        Threshold.parse("<= 1%"),
        Optional.empty(),
        traffic,
        20,
        FRESHNESS,
        Duration.ofMinutes(2),
        false,
        Optional.empty(),
        Optional.empty(),
        groupBy);
  }

  static Gate byRoute() {
    return Gate.resolve(
        spec(RATIO, Optional.of(TRAFFIC), List.of("route")),
        Scope.CANARY,
        Duration.ofSeconds(15),
        OutcomeClassifierTest.SELECTORS);
  }

  /** An instant answer with one series per route: route -> value. */
  static Answer perRoute(String role, Map<String, Double> values) {
    List<Series> series =
        values.entrySet().stream()
            .map(
                e -> new Series(Map.of("route", e.getKey()), List.of(new Sample(AT, e.getValue()))))
            .toList();
    return Answer.of(
        role,
        new QueryResult("q-" + role, AT, ResultType.VECTOR, series, List.of(), "{}"),
        List.of("route"));
  }

  static Map<String, Double> routes(Object... pairs) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2)
      map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
    return map;
  }

  static GateEvaluation classify(Map<String, Double> values, Map<String, Double> traffic) {
    return OutcomeClassifier.classify(
        byRoute(),
        AT,
        perRoute("value", values),
        Optional.of(perRoute("traffic", traffic)),
        OutcomeClassifierTest.answer("freshness", 40),
        Baselines.none());
  }

  @Test
  void oneBrokenRouteBreachesTheGateAndIsNamedWithItsValue() {
    GateEvaluation e =
        classify(
            routes("/graphql", 0.002, "/api/entities", 0.235, "/api/health", 1.0),
            routes("/graphql", 4000, "/api/entities", 40, "/api/health", 3));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail())
        .isEqualTo(
            "5xx ratio (canary) breaches in 1 of 2 groups by route judged at 2026-12-07T07:00:00Z:"
                + " route=\"/api/entities\" 23.5 % (40 requests) > 1 %;"
                + " 1 group had too little traffic to judge (fewer than min_traffic 20 requests)");
    assertThat(e.value()).as("the worst judged group's value").hasValue(0.235);
    assertThat(e.traffic()).as("requests over every group").hasValue(4043);
  }

  @Test
  void everyJudgedRouteWithinItsThresholdPassesWithTheWorstNamed() {
    GateEvaluation e =
        classify(
            routes("/graphql", 0.002, "/api/entities", 0.008),
            routes("/graphql", 4000, "/api/entities", 400));

    assertThat(e.outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.value()).hasValue(0.008);
    assertThat(e.detail())
        .isEqualTo(
            "5xx ratio (canary): 2 of 2 groups by route judged at 2026-12-07T07:00:00Z, each <= 1 %,"
                + " the worst route=\"/api/entities\" 0.8 % (400 requests)");
  }

  @Test
  void aBrokenRouteWithTooLittleTrafficIsNotJudgedButCounted() {
    GateEvaluation e =
        classify(
            routes("/graphql", 0.002, "/api/health", 1.0),
            routes("/graphql", 4000, "/api/health", 19));

    assertThat(e.outcome()).isEqualTo(Outcome.PASS);
    assertThat(e.detail())
        .endsWith("; 1 group had too little traffic to judge (fewer than min_traffic 20 requests)");
  }

  @Test
  void noGroupWithEnoughTrafficIsLowSampleNeverAPass() {
    GateEvaluation e =
        classify(
            routes("/graphql", 0.0, "/api/health", 0.0), routes("/graphql", 12, "/api/health", 3));

    assertThat(e.outcome()).isEqualTo(Outcome.LOW_SAMPLE);
    assertThat(e.detail())
        .isEqualTo(
            "5xx ratio (canary) has too little traffic at 2026-12-07T07:00:00Z in every group by route:"
                + " 2 groups, the busiest route=\"/graphql\" with 12 requests, fewer than min_traffic 20");
  }

  @Test
  void anEmptyAnswerIsNoData() {
    GateEvaluation e = classify(routes(), routes("/graphql", 4000));

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.detail()).contains("the query returned an empty vector, no group by route");
  }

  @Test
  void aRouteWithTrafficButNoValueIsNoDataNamingItNeverAPass() {
    GateEvaluation e =
        classify(routes("/graphql", 0.002), routes("/graphql", 4000, "/api/entities", 400));

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.detail())
        .contains(
            "has no value at 2026-12-07T07:00:00Z for 1 group(s) by route with enough traffic:"
                + " route=\"/api/entities\" no value (400 requests)",
            "or 0 * sum by ({{group_by}})");
  }

  @Test
  void aNanRouteWithTrafficIsNoDataButABreachElsewhereStillBreaches() {
    GateEvaluation e =
        classify(
            routes("/graphql", Double.NaN, "/api/entities", 0.5),
            routes("/graphql", 4000, "/api/entities", 400));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail()).contains("route=\"/api/entities\" 50 % (400 requests) > 1 %");
  }

  @Test
  void anInfiniteRouteBreachesFirst() {
    GateEvaluation e =
        classify(routes("/a", 0.5, "/b", Double.POSITIVE_INFINITY), routes("/a", 400, "/b", 400));

    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(e.detail())
        .contains("route=\"/b\" +Inf (400 requests), route=\"/a\" 50 % (400 requests) > 1 %");
  }

  @Test
  void aSeriesWithoutTheGroupLabelIsAnErrorNotOneSilentGroup() {
    Answer value =
        Answer.of(
            "value",
            new QueryResult(
                "q",
                AT,
                ResultType.VECTOR,
                List.of(new Series(Map.of(), List.of(new Sample(AT, 0.002)))),
                List.of(),
                "{}"),
            List.of("route"));

    GateEvaluation e =
        OutcomeClassifier.classify(
            byRoute(),
            AT,
            value,
            Optional.of(perRoute("traffic", routes("/graphql", 4000))),
            OutcomeClassifierTest.answer("freshness", 40),
            Baselines.none());

    assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(e.detail()).contains("series {} of 'q' has no label route", "by ({{group_by}})");
  }

  @Test
  void theGroupByPlaceholderIsFilledWithTheLabels() {
    Gate gate =
        Gate.resolve(
            spec(RATIO, Optional.of(TRAFFIC), List.of("route", "tenant")),
            Scope.CANARY,
            Duration.ofSeconds(15),
            OutcomeClassifierTest.SELECTORS);

    assertThat(gate.trafficQuery())
        .hasValue("sum by (route, tenant) (increase(http_requests_total{track=\"canary\"}[15s]))");
    assertThat(gate.query()).doesNotContain("{{").contains("sum by (route, tenant) (rate(");
  }

  @Test
  void aGroupedQueryWithoutThePlaceholderIsRefusedWithAnExample() {
    assertThatThrownBy(
            () ->
                spec(
                    "sum(rate(http_requests_total[{{window}}]))",
                    Optional.of(TRAFFIC),
                    List.of("route")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "group_by is [route] but the query has no {{group_by}}, so it would yield one number, not one per group; aggregate by it, e.g. (sum by ({{group_by}})");
    assertThatThrownBy(
            () ->
                spec(
                    RATIO,
                    Optional.of("sum(increase(http_requests_total[{{window}}]))"),
                    List.of("route")))
        .hasMessageContaining("traffic_query has no {{group_by}}");
  }

  @Test
  void labelNamesMustBePrometheusLabelNames() {
    assertThatThrownBy(() -> spec(RATIO, Optional.of(TRAFFIC), List.of("route-name")))
        .hasMessage(
            "group_by has 'route-name'; expected Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*), e.g. [route] or [tenant, region]");
    assertThatThrownBy(() -> spec(RATIO, Optional.of(TRAFFIC), List.of("route", "route")))
        .hasMessageContaining("names a label twice");
  }

  @Test
  void thePlaceholderWithoutGroupByIsRefused() {
    assertThatThrownBy(() -> spec(RATIO, Optional.of(TRAFFIC), List.of()))
        .hasMessageContaining(
            "uses {{group_by}} but group_by is not set; add e.g. group_by: [route]");
  }

  @Test
  void groupByFromTheEnvironmentIsValidatedAtItsKey() {
    assertThat(TestEnvironments.sandbox(Map.of(), Map.of()).load().gates().values())
        .as("no default gate is grouped")
        .allSatisfy(g -> assertThat(g.groupBy()).as(g.name()).isEmpty());

    Map<String, String> grouped = new java.util.HashMap<>();
    grouped.put("cutover.gates.error_ratio_5xx.group_by", "route");
    // the default query aggregates with sum(...), not by {{group_by}}: refused, never one group
    assertThatThrownBy(() -> TestEnvironments.sandbox(grouped, Map.of()).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`gates.error_ratio_5xx`: group_by is [route] but the query has no");

    grouped.put("cutover.gates.error_ratio_5xx.query", RATIO);
    grouped.put("cutover.gates.error_ratio_5xx.traffic_query", TRAFFIC);
    Environment env = TestEnvironments.sandbox(grouped, Map.of()).load();
    assertThat(env.gates().get("error_ratio_5xx").groupBy()).containsExactly("route");
  }

  @Test
  void theMetricContractProvesTheGroupLabelOnTheSeries() {
    Map<String, String> grouped = new java.util.HashMap<>();
    grouped.put("cutover.gates.error_ratio_5xx.group_by", "endpoint");
    grouped.put("cutover.gates.error_ratio_5xx.query", RATIO);
    grouped.put("cutover.gates.error_ratio_5xx.traffic_query", TRAFFIC);
    grouped.put("cutover.prometheus.labels.status", "status_code");
    Environment env = TestEnvironments.sandbox(grouped, Map.of()).load();

    MetricContract.Proof proof =
        MetricContractTest.judge(
            env,
            Scope.CANARY,
            MetricContractTest.labelsApi(
                MetricContractTest.sandboxSeries(), java.util.Set.of("stable", "canary")));

    assertThat(proof.brokenFor("error_ratio_5xx", Scope.CANARY))
        .as(proof.describe())
        .hasValueSatisfying(
            f ->
                assertThat(f.problems())
                    .contains(
                        "http_requests_total has labels {method, route, status_code, tenant, track};"
                            + " error_ratio_5xx matches on endpoint (gates.error_ratio_5xx.query):"
                            + " change gates.error_ratio_5xx.group_by to labels its series carry"));
    assertThat(proof.problems())
        .as("only the grouped gate is broken")
        .allSatisfy(p -> assertThat(p).startsWith("error_ratio_5xx (canary)"));
  }

  @Test
  void aReplayStepIsCutPerGroupFromTheRangeSeries() {
    Instant before = AT.minusSeconds(15);
    List<RangeMatrix.Columns> range =
        Stream.of(
                new Series(
                    Map.of("route", "/graphql", "track", "canary"),
                    List.of(new Sample(before, 0.001), new Sample(AT, 0.002))),
                // no sample at AT: the route had no value at this step
                new Series(Map.of("route", "/api/health"), List.of(new Sample(before, 1.0))))
            .map(RangeMatrix.Columns::of)
            .toList();

    Answer step = Answer.at("value", "q", range, AT.toEpochMilli(), List.of("route"));

    assertThat(step.error()).isEmpty();
    assertThat(step.groups()).containsOnlyKeys("route=\"/graphql\"");
    assertThat(step.groups().get("route=\"/graphql\"").value()).isEqualTo(0.002);
    assertThat(step.evidence().answer())
        .as("each group's pair at the step, as the API writes it")
        .isEqualTo(
            "{route=\"/graphql\", track=\"canary\"} " + Replay.rawPair(new Sample(AT, 0.002)));
    assertThat(
            Answer.at(
                    "value",
                    "q",
                    List.of(range.get(0), range.get(0)),
                    AT.toEpochMilli(),
                    List.of("route"))
                .error())
        .as("two series of one group: the query does not aggregate by {{group_by}}")
        .hasValueSatisfying(
            e ->
                assertThat(e.getMessage())
                    .contains("more than one series for the group route=\"/graphql\""));
  }
}
