package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Kpi;
import io.intelgraph.cutover.config.KpiQuery;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.junit.KpiPhase;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.review.Judgement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run of show's "Business KPI Watch (First 24 Hours)": every line over {@code cadence.kpi_window}
 * (24 h; 1 min in the sandbox) ending now, never before full traffic, judged on the data that exists
 * with the share of the window it covered. Too little coverage is NO_DATA, too few events LOW_SAMPLE:
 * never a pass. The class judges one window, fixed at its first line, so all lines describe the same time.
 *
 * <p>Lines the API's metrics cannot measure (tenant mix, regional latency, autoscale events, Neo4j
 * page cache, Kafka egress cost, alert pages and false positives) are PromQL in
 * {@code kpi.queries.<line>}: absent, the line is skipped as "not configured" with the key to set.
 */
@KpiPhase
@DisplayName("Business KPI watch (first 24 hours)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiWatchTest {

  private BakeWindow window;

  private BakeWindow window(Environment env, LedgerStore ledger) {
    if (window == null) window = BakeLines.window("KPI watch", "kpi_window", env.cadence().kpiWindow(), ledger);
    return window;
  }

  // ---- User experience metrics --------------------------------------------------------------------

  /**
   * The API sees tokens, not logins: "successful logins" here are the requests it authenticated
   * ({@code kpi.authenticated_requests}, e.g. /graphql not answered 401/403), per minute, averaged over
   * the window, as a share of the rate the T-30 phase recorded in the ledger.
   */
  @Test
  @Order(1)
  @DisplayName("Successful logins/min: baseline vs current (authenticated API requests/min, current as a share of the T-30 baseline)")
  void successfulLoginsPerMinute(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    Baseline t30 = ledger.read().baselines().get(T30KpiBaselineTest.LOGINS_BASELINE);
    if (t30 == null) {
      fail(("no T-30 %s baseline in the ledger %s (it has %s), so there is nothing to compare with;"
          + " run -Dgroups=baseline first").formatted(T30KpiBaselineTest.LOGINS_BASELINE, ledger.location(), ledger.read().baselines().keySet()));
    }
    BakeResult result = BakeProbe.kpi(env).perMinuteVsBaseline("Successful logins/min (authenticated requests/min, current / T-30)",
        kpi.authenticatedRequests(), t30.value(), "T-30 at %s: %s".formatted(t30.at(), t30.query()), kpi.loginsVsBaseline(), window(env, ledger));
    BakeLines.assertPassed(result);
  }

  /** Queries that ran: success / (success + error); a policy denial (forbidden) is the policy working, judged by the security goldens. */
  @Test
  @Order(2)
  @DisplayName("GraphQL query success rate > 99% (queries: success / (success + error), denials excluded)")
  void graphQlQuerySuccessRate(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    List<String> notQueries = new ArrayList<>(kpi.mutationFields());
    notQueries.addAll(kpi.subscriptionFields());
    String fields = "%s!~\"%s\"".formatted(kpi.operationLabel(), String.join("|", notQueries));
    BakeLines.assertPassed(BakeProbe.kpi(env).ratio("GraphQL query success rate",
        kpi.operationsWhere(fields, kpi.succeeded()), kpi.operationsWhere(fields, kpi.ran()),
        kpi.querySuccess(), window(env, ledger)));
  }

  @Test
  @Order(3)
  @DisplayName("Mutation success rate > 99.5% (mutations: success / (success + error), denials excluded)")
  void mutationSuccessRate(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    String fields = "%s=~\"%s\"".formatted(kpi.operationLabel(), String.join("|", kpi.mutationFields()));
    BakeLines.assertPassed(BakeProbe.kpi(env).ratio("Mutation success rate",
        kpi.operationsWhere(fields, kpi.succeeded()), kpi.operationsWhere(fields, kpi.ran()),
        kpi.mutationSuccess(), window(env, ledger)));
  }

  /** Measured as subscription events delivered / (delivered + dropped): what a subscriber's connection actually got. */
  @Test
  @Order(4)
  @DisplayName("Subscription connection rate > 98% (subscription events delivered / (delivered + dropped))")
  void subscriptionConnectionRate(Environment env, LedgerStore ledger) {
    BakeLines.assertPassed(BakeProbe.kpi(env).ratio("Subscription connection rate (events delivered / published)",
        env.kpi().subscriptionDelivered(), env.kpi().subscriptionPublished(),
        env.kpi().subscriptionDelivery(), window(env, ledger)));
  }

  // ---- Platform performance ---------------------------------------------------------------------

  @Test
  @Order(5)
  @DisplayName("Tenant mix stable: No single tenant > 20% of traffic")
  void tenantMixStable(Environment env, LedgerStore ledger) {
    configured(env, ledger, "tenant_mix", "Tenant mix stable", "the API's request metrics carry no tenant label",
        "e.g. max(sum by (tenant) (increase(tenant_requests_total[{{window}}]))) / sum(increase(tenant_requests_total[{{window}}])), threshold '<= 20%'");
  }

  @Test
  @Order(6)
  @DisplayName("Regional latency: US, EU, APAC")
  void regionalLatency(Environment env, LedgerStore ledger) {
    configured(env, ledger, "regional_latency", "Regional latency", "there is no per-region latency metric (one region, no region label)",
        "e.g. histogram_quantile(0.95, sum by (le, region) (increase(http_request_duration_seconds_bucket[{{window}}]))); one series per region");
  }

  /** p95 per depth over the window; 3-hop against the runbook's gate ({@code gates.graph_3hop_p95}), the others reported. */
  @Test
  @Order(7)
  @DisplayName("Graph traversal performance: 2-hop, 3-hop, 4-hop (p95 over the window)")
  void graphTraversalPerformance(Environment env, LedgerStore ledger) {
    BakeProbe probe = BakeProbe.kpi(env);
    SoftAssertions softly = new SoftAssertions();
    for (int hops : env.kpi().traversalHops()) {
      Optional<Threshold> target = hops == 3 ? Optional.ofNullable(env.gates().get("graph_3hop_p95")).map(GateSpec::threshold) : Optional.empty();
      BakeResult result = probe.p95OverWindow("%d-hop p95".formatted(hops),
          env.kpi().traversalBucket().replace("{{hops}}", Integer.toString(hops)), env.kpi().traversalCount().replace("{{hops}}", Integer.toString(hops)),
          target, window(env, ledger));
      softly.assertThat(result.outcome()).as(result.describe()).isEqualTo(Outcome.PASS);
    }
    softly.assertAll();
  }

  // ---- Cost & resource monitoring ---------------------------------------------------------------

  @Test
  @Order(8)
  @DisplayName("API node autoscale events: scale-ups, scale-downs")
  void apiNodeAutoscaleEvents(Environment env, LedgerStore ledger) {
    configured(env, ledger, "autoscale_events", "API node autoscale events", "no autoscaler metric is scraped here",
        "e.g. sum(changes(kube_horizontalpodautoscaler_status_desired_replicas{horizontalpodautoscaler=\"intelgraph-api\"}[{{window}}]))");
  }

  @Test
  @Order(9)
  @DisplayName("Neo4j page-cache hit rate > 85%")
  void neo4jPageCacheHitRate(Environment env, LedgerStore ledger) {
    configured(env, ledger, "neo4j_page_cache_hit", "Neo4j page-cache hit rate", "there is no Neo4j (nor its metrics) here",
        "e.g. sum(increase(neo4j_page_cache_hits_total[{{window}}])) / (sum(increase(neo4j_page_cache_hits_total[{{window}}])) + sum(increase(neo4j_page_cache_faults_total[{{window}}]))), threshold '> 85%'");
  }

  @Test
  @Order(10)
  @DisplayName("Kafka egress costs: $/hour (monitor for spikes)")
  void kafkaEgressCosts(Environment env, LedgerStore ledger) {
    configured(env, ledger, "kafka_egress_cost", "Kafka egress costs", "no per-service egress cost metric is scraped here",
        "e.g. Kubecost's network cost of the Kafka namespace as a Prometheus series, threshold in $/h");
  }

  /** Kubecost's allocation of the namespace over its last hour, x 24, against the runbook's daily budget: a projection, not a 24 h total. */
  @Test
  @Order(11)
  @DisplayName("Total cost vs. budget: $/day vs. $600 budget (Kubecost rate x 24)")
  void totalCostVsBudget(Environment env) {
    CostProbe.CostRate rate = new CostProbe(env.endpoints().cost(), env.preflight().timeout()).rate(env.cluster().namespace());
    double perDay = rate.dollarsPerHour() * 24;
    double budget = env.kpi().costBudgetPerDay();
    assertThat(perDay)
        .as("total cost at %s: $%.2f/day (= $%.2f/h x 24, %s) vs budget $%.2f/day (kpi.cost_budget_per_day)", Instant.now(), perDay,
            rate.dollarsPerHour(), rate, budget)
        .isLessThanOrEqualTo(budget);
  }

  // ---- Alert health -----------------------------------------------------------------------------

  @Test
  @Order(12)
  @DisplayName("Page frequency: pages/hour (target: near zero)")
  void pageFrequency(Environment env, LedgerStore ledger) {
    configured(env, ledger, "page_frequency", "Page frequency", "no paging system is connected here",
        "e.g. sum(increase(alertmanager_notifications_total{integration=\"pagerduty\"}[{{window}}])) / 24, threshold e.g. '<= 0.1'");
  }

  @Test
  @Order(13)
  @DisplayName("False positive rate < 5%")
  void falsePositiveRate(Environment env, LedgerStore ledger) {
    configured(env, ledger, "false_positive_rate", "False positive rate", "whether a page was a false positive is recorded by people, not by a metric here",
        "e.g. a ratio of pages resolved as 'no action' to all pages from the incident tool's exporter, threshold '< 5%'");
  }

  /** A judgement of the on-call team over the first 24 hours (ignored alerts, muted channels, late acknowledgements), not a metric. */
  @Test
  @Order(14)
  @DisplayName("Alert fatigue indicators: none observed (attested: attestations.alert_fatigue)")
  void alertFatigueIndicators(Environment env, LedgerStore ledger) {
    Attested.record(ledger, new Judgement("alert_fatigue", "Alert fatigue indicators: none observed",
        "\"dana (on-call): no ignored or muted alerts, every page acknowledged within 5 min\"").attest(env.attestations().alertFatigue(), Instant.now()));
  }

  /** A line measured by configured PromQL, or skipped as "not configured" with the key and an example: never a pass without a measurement. */
  private void configured(Environment env, LedgerStore ledger, String key, String line, String why, String example) {
    KpiQuery query = env.kpi().queries().get(key);
    Assumptions.assumeTrue(query != null, () -> "not configured: no metric for %s in environment %s (%s); configure `kpi.queries.%s` (query, optional threshold), %s"
        .formatted(line, env.name(), why, key, example));
    BakeLines.assertPassed(BakeProbe.kpi(env).configured(line, query, window(env, ledger)));
  }
}
