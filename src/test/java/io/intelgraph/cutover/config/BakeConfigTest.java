package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KPI watch's and the closeout's keys: the runbook's values by default, the compressed clock in
 * the sandbox.
 */
class BakeConfigTest {

  @Test
  void productionDefaultsAreTheRunbooks() {
    Environment prod = TestEnvironments.prodExample(Map.of());
    assertThat(prod.cadence().kpiWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(prod.cadence().closeoutWindow()).isEqualTo(Duration.ofHours(72));
    Kpi kpi = prod.kpi();
    assertThat(kpi.querySuccess()).isEqualTo(Threshold.parse("> 99%"));
    assertThat(kpi.mutationSuccess()).isEqualTo(Threshold.parse("> 99.5%"));
    assertThat(kpi.subscriptionDelivery()).isEqualTo(Threshold.parse("> 98%"));
    assertThat(kpi.costBudgetPerDay()).isEqualTo(600);
    assertThat(kpi.traversalHops()).containsExactly(2, 3, 4);
    assertThat(kpi.queries())
        .as(
            "exporter-backed lines have the real exporters' names by default; the false positive rate is attested")
        .containsOnlyKeys(
            "tenant_mix",
            "regional_latency",
            "neo4j_page_cache_hit",
            "autoscale_events",
            "page_frequency");
    assertThat(kpi.queries().get("neo4j_page_cache_hit").query())
        .contains("neo4j_dbms_page_cache_hits_total", "neo4j_dbms_page_cache_page_faults_total");
    assertThat(kpi.queries().get("tenant_mix").threshold()).contains(Threshold.parse("<= 20%"));
    assertThat(kpi.kafkaEgress()).isEqualTo(Threshold.parse("<= 2 $/h"));
    assertThat(kpi.kafkaEgressStep()).isEqualTo(Duration.ofHours(1));
    Closeout closeout = prod.closeout();
    assertThat(closeout.slo()).isCloseTo(0.999, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(closeout.p95Latency()).isEqualTo(Threshold.parse("<= 350ms"));
    assertThat(closeout.maxErrorBudgetBurn()).isEqualTo(Threshold.parse("< 20%"));
    assertThat(closeout.errorBudgetPeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(closeout.projectedMonthlyCost()).isEqualTo(18_000);
    assertThat(closeout.costAnomalyWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(closeout.costAnomalyStep()).isEqualTo(Duration.ofDays(1));
    assertThat(closeout.costAnomalyFactor()).isEqualTo(2);
    assertThat(closeout.rightSizingWindow()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void theSandboxCompressesTheWindowsAndKeepsTheBakeToPeriodProportion() {
    Environment sandbox = TestEnvironments.sandbox(Map.of(), Map.of()).load();
    assertThat(sandbox.cadence().kpiWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sandbox.cadence().closeoutWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(sandbox.kpi().traversalHops()).containsExactly(3);
    Closeout closeout = sandbox.closeout();
    double sandboxShare =
        sandbox.cadence().closeoutWindow().toMillis()
            / (double) closeout.errorBudgetPeriod().toMillis();
    assertThat(sandboxShare)
        .isEqualTo(Duration.ofHours(72).toMillis() / (double) Duration.ofDays(30).toMillis());
  }

  @Test
  void aConfiguredKpiQueryIsBound() {
    Environment sandbox =
        TestEnvironments.sandbox(
                Map.of(
                    "cutover.kpi.queries.neo4j_page_cache_hit.query",
                    "avg(neo4j_hit_ratio)",
                    "cutover.kpi.queries.neo4j_page_cache_hit.threshold",
                    "> 85%"),
                Map.of())
            .load();
    KpiQuery query = sandbox.kpi().queries().get("neo4j_page_cache_hit");
    assertThat(query)
        .isEqualTo(
            new KpiQuery(
                "neo4j_page_cache_hit",
                "avg(neo4j_hit_ratio)",
                java.util.Optional.of(Threshold.parse("> 85%"))));
  }

  @Test
  void aMistypedKpiLineIsRefusedWithTheKnownNames() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.kpi.queries.neo4j_cache.query", "up"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "queries [neo4j_cache] are not KPI lines; use one of [autoscale_events,");
  }

  @Test
  void aCoverageFloorIsARatioAndATargetAPercentage() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of(
                            "cutover.kpi.min_coverage",
                            "90",
                            "cutover.closeout.availability",
                            "> 0.999"),
                        Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`kpi`: min_coverage must be a ratio in (0, 1], e.g. 0.9, got 90.0")
        .hasMessageContaining(
            "`closeout`: availability must be a percentage, e.g. '> 99%', got '> 0.999'");
  }

  @Test
  void aWindowShorterThanTheRateWindowIsRefused() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(Map.of("cutover.cadence.kpi_window", "5s"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "kpi_window PT5S must span at least one rate_window (PT15S), e.g. 24h");
  }

  @Test
  void everyMetricBehindTheBuiltInLinesIsConfigurableWithTheApisNamesAsDefaults() {
    Environment overridden =
        TestEnvironments.sandbox(
                Map.of(
                    "cutover.kpi.operations",
                    "api_graphql_ops_total",
                    "cutover.closeout.requests",
                    "nginx_requests_total"),
                Map.of())
            .load();
    assertThat(overridden.kpi().operationsWhere("op=\"a\"", overridden.kpi().succeeded()))
        .isEqualTo("api_graphql_ops_total{op=\"a\",outcome=\"success\"}");
    assertThat(overridden.closeout().requests()).isEqualTo("nginx_requests_total");
    Environment prod = TestEnvironments.prodExample(Map.of());
    assertThat(prod.kpi().traversalBucket())
        .isEqualTo("graph_query_duration_seconds_bucket{hops=\"{{hops}}\"}");
    assertThat(prod.closeout().badRequests()).isEqualTo("http_requests_total{status=~\"5..\"}");
  }

  @Test
  void aTraversalHistogramWithoutHopsIsRefused() {
    assertThatThrownBy(
            () ->
                TestEnvironments.sandbox(
                        Map.of("cutover.kpi.traversal_bucket", "graph_seconds_bucket"), Map.of())
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("traversal_bucket 'graph_seconds_bucket' has no {{hops}}");
  }
}
