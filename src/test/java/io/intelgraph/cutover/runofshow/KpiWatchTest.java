package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.junit.KpiPhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.kpi.KpiWatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run of show's "Business KPI Watch (First 24 Hours)": every line over {@code
 * cadence.kpi_window} ending at the first line, never before full traffic (see {@link KpiWatch}).
 * One watch per class, so all lines judge the same window. A line whose metric an environment does
 * not have ({@code kpi.queries.<line>} absent) is skipped as "not configured" with the key to set.
 */
@KpiPhase
@DisplayName("Business KPI watch (first 24 hours)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiWatchTest {

  private final KpiWatch kpi = new KpiWatch();

  // ---- User experience metrics ------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName(
      "Successful logins/min: baseline vs current (authenticated API requests/min, current as a share of the T-30 baseline)")
  void successfulLoginsPerMinute(LineContext context) {
    assertThat(kpi.successfulLoginsPerMinute().run(context)).passed();
  }

  @Test
  @Order(2)
  @DisplayName(
      "GraphQL query success rate {kpi.query_success} (queries: success / (success + error), denials excluded)")
  void graphQlQuerySuccessRate(LineContext context) {
    assertThat(kpi.graphQlQuerySuccessRate().run(context)).passed();
  }

  @Test
  @Order(3)
  @DisplayName(
      "Mutation success rate {kpi.mutation_success} (mutations: success / (success + error), denials excluded)")
  void mutationSuccessRate(LineContext context) {
    assertThat(kpi.mutationSuccessRate().run(context)).passed();
  }

  @Test
  @Order(4)
  @DisplayName(
      "Subscription connection rate {kpi.subscription_delivery} (subscription events delivered / (delivered + dropped))")
  void subscriptionConnectionRate(LineContext context) {
    assertThat(kpi.subscriptionConnectionRate().run(context)).passed();
  }

  // ---- Platform performance ---------------------------------------------------------------------

  @Test
  @Order(5)
  @DisplayName("Tenant mix stable: No single tenant {kpi.queries.tenant_mix.threshold} of traffic")
  void tenantMixStable(LineContext context) {
    assertThat(kpi.tenantMixStable().run(context)).passedUnlessNotConfigured();
  }

  @Test
  @Order(6)
  @DisplayName("Regional latency: US, EU, APAC")
  void regionalLatency(LineContext context) {
    assertThat(kpi.regionalLatency().run(context)).passedUnlessNotConfigured();
  }

  @Test
  @Order(7)
  @DisplayName("Graph traversal performance: 2-hop, 3-hop, 4-hop (p95 over the window)")
  void graphTraversalPerformance(LineContext context) {
    assertThat(kpi.graphTraversalPerformance().run(context)).passed();
  }

  // ---- Cost & resource monitoring ---------------------------------------------------------------

  @Test
  @Order(8)
  @DisplayName("API node autoscale events: scale-ups, scale-downs")
  void apiNodeAutoscaleEvents(LineContext context) {
    assertThat(kpi.apiNodeAutoscaleEvents().run(context)).passedUnlessNotConfigured();
  }

  @Test
  @Order(9)
  @DisplayName("Neo4j page-cache hit rate {kpi.queries.neo4j_page_cache_hit.threshold}")
  void neo4jPageCacheHitRate(LineContext context) {
    assertThat(kpi.neo4jPageCacheHitRate().run(context)).passedUnlessNotConfigured();
  }

  @Test
  @Order(10)
  @DisplayName(
      "Kafka egress costs: $/hour (monitor for spikes) (Kubecost networkCost of kpi.kafka_namespace per kafka_egress_step)")
  void kafkaEgressCosts(LineContext context) {
    assertThat(kpi.kafkaEgressCosts().run(context)).passed();
  }

  @Test
  @Order(11)
  @DisplayName(
      "Total cost vs. budget: $/day vs. ${kpi.cost_budget_per_day} budget (Kubecost rate x 24)")
  void totalCostVsBudget(LineContext context) {
    assertThat(kpi.totalCostVsBudget().run(context)).passed();
  }

  // ---- Alert health -----------------------------------------------------------------------------

  @Test
  @Order(12)
  @DisplayName("Page frequency: pages/hour (target: near zero)")
  void pageFrequency(LineContext context) {
    assertThat(kpi.pageFrequency().run(context)).passedUnlessNotConfigured();
  }

  @Test
  @Order(13)
  @DisplayName(
      "False positive rate < 5% (kpi.queries.false_positive_rate, else attested: attestations.false_positive_rate)")
  void falsePositiveRate(LineContext context) {
    assertThat(kpi.falsePositiveRate().run(context)).passed();
  }

  @Test
  @Order(14)
  @DisplayName("Alert fatigue indicators: none observed (attested: attestations.alert_fatigue)")
  void alertFatigueIndicators(LineContext context) {
    assertThat(kpi.alertFatigueIndicators().run(context)).passed();
  }
}
