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
import io.intelgraph.cutover.preflight.KubecostCosts;
import io.intelgraph.cutover.review.Judgement;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run of show's "Business KPI Watch (First 24 Hours)": every line over {@code
 * cadence.kpi_window} (24 h; 1 min in the sandbox) ending now, never before full traffic, judged on
 * the data that exists with the share of the window it covered. Too little coverage is NO_DATA, too
 * few events LOW_SAMPLE: never a pass. The class judges one window, fixed at its first line, so all
 * lines describe the same time.
 *
 * <p>Tenant mix, regional latency, autoscale events, Neo4j page cache and alert pages are PromQL in
 * {@code kpi.queries.<line>} with the real exporters' names as defaults (defaults.yaml); absent,
 * the line is skipped as "not configured" with the key to set. Kafka egress is read from Kubecost's
 * allocation API; the false positive rate is measured if configured, otherwise attested.
 */
@KpiPhase
@DisplayName("Business KPI watch (first 24 hours)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiWatchTest {

  private BakeWindow window;

  private BakeWindow window(Environment env, LedgerStore ledger) {
    if (window == null)
      window = BakeLines.window("KPI watch", "kpi_window", env.cadence().kpiWindow(), ledger);
    return window;
  }

  // ---- User experience metrics
  // --------------------------------------------------------------------

  /**
   * The API sees tokens, not logins: "successful logins" here are the requests it authenticated
   * ({@code kpi.authenticated_requests}, e.g. /graphql not answered 401/403), per minute, averaged
   * over the window, as a share of the rate the T-30 phase recorded in the ledger.
   */
  @Test
  @Order(1)
  @DisplayName(
      "Successful logins/min: baseline vs current (authenticated API requests/min, current as a share of the T-30 baseline)")
  void successfulLoginsPerMinute(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    Baseline t30 = ledger.read().baselines().get(T30KpiBaselineTest.LOGINS_BASELINE);
    if (t30 == null) {
      fail(
          ("no T-30 %s baseline in the ledger %s (it has %s), so there is nothing to compare with;"
                  + " run -Dgroups=baseline first")
              .formatted(
                  T30KpiBaselineTest.LOGINS_BASELINE,
                  ledger.location(),
                  ledger.read().baselines().keySet()));
    }
    BakeResult result =
        BakeProbe.kpi(env)
            .perMinuteVsBaseline(
                "Successful logins/min (authenticated requests/min, current / T-30)",
                kpi.authenticatedRequests(),
                t30.value(),
                "T-30 at %s: %s".formatted(t30.at(), t30.query()),
                kpi.loginsVsBaseline(),
                window(env, ledger));
    BakeLines.assertPassed(result);
  }

  /**
   * Queries that ran: success / (success + error); a policy denial (forbidden) is the policy
   * working, judged by the security goldens.
   */
  @Test
  @Order(2)
  @DisplayName(
      "GraphQL query success rate > 99% (queries: success / (success + error), denials excluded)")
  void graphQlQuerySuccessRate(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    List<String> notQueries = new ArrayList<>(kpi.mutationFields());
    notQueries.addAll(kpi.subscriptionFields());
    String fields = "%s!~\"%s\"".formatted(kpi.operationLabel(), String.join("|", notQueries));
    BakeLines.assertPassed(
        BakeProbe.kpi(env)
            .ratio(
                "GraphQL query success rate",
                kpi.operationsWhere(fields, kpi.succeeded()),
                kpi.operationsWhere(fields, kpi.ran()),
                kpi.querySuccess(),
                window(env, ledger)));
  }

  @Test
  @Order(3)
  @DisplayName(
      "Mutation success rate > 99.5% (mutations: success / (success + error), denials excluded)")
  void mutationSuccessRate(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    String fields =
        "%s=~\"%s\"".formatted(kpi.operationLabel(), String.join("|", kpi.mutationFields()));
    BakeLines.assertPassed(
        BakeProbe.kpi(env)
            .ratio(
                "Mutation success rate",
                kpi.operationsWhere(fields, kpi.succeeded()),
                kpi.operationsWhere(fields, kpi.ran()),
                kpi.mutationSuccess(),
                window(env, ledger)));
  }

  /**
   * Measured as subscription events delivered / (delivered + dropped): what a subscriber's
   * connection actually got.
   */
  @Test
  @Order(4)
  @DisplayName(
      "Subscription connection rate > 98% (subscription events delivered / (delivered + dropped))")
  void subscriptionConnectionRate(Environment env, LedgerStore ledger) {
    BakeLines.assertPassed(
        BakeProbe.kpi(env)
            .ratio(
                "Subscription connection rate (events delivered / published)",
                env.kpi().subscriptionDelivered(),
                env.kpi().subscriptionPublished(),
                env.kpi().subscriptionDelivery(),
                window(env, ledger)));
  }

  // ---- Platform performance ---------------------------------------------------------------------

  @Test
  @Order(5)
  @DisplayName("Tenant mix stable: No single tenant > 20% of traffic")
  void tenantMixStable(Environment env, LedgerStore ledger) {
    configured(
        env,
        ledger,
        "tenant_mix",
        "Tenant mix stable",
        "the API's request metrics carry no tenant label",
        "e.g. max(sum by (tenant) (increase(tenant_requests_total[{{window}}]))) / sum(increase(tenant_requests_total[{{window}}])), threshold '<= 20%'");
  }

  @Test
  @Order(6)
  @DisplayName("Regional latency: US, EU, APAC")
  void regionalLatency(Environment env, LedgerStore ledger) {
    configured(
        env,
        ledger,
        "regional_latency",
        "Regional latency",
        "there is no per-region latency metric (one region, no region label)",
        "e.g. histogram_quantile(0.95, sum by (le, region) (increase(http_request_duration_seconds_bucket[{{window}}]))); one series per region");
  }

  /**
   * p95 per depth over the window; 3-hop against the runbook's gate ({@code gates.graph_3hop_p95}),
   * the others reported.
   */
  @Test
  @Order(7)
  @DisplayName("Graph traversal performance: 2-hop, 3-hop, 4-hop (p95 over the window)")
  void graphTraversalPerformance(Environment env, LedgerStore ledger) {
    BakeProbe probe = BakeProbe.kpi(env);
    SoftAssertions softly = new SoftAssertions();
    for (int hops : env.kpi().traversalHops()) {
      Optional<Threshold> target =
          hops == 3
              ? Optional.ofNullable(env.gates().get("graph_3hop_p95")).map(GateSpec::threshold)
              : Optional.empty();
      BakeResult result =
          probe.p95OverWindow(
              "%d-hop p95".formatted(hops),
              env.kpi().traversalBucket().replace("{{hops}}", Integer.toString(hops)),
              env.kpi().traversalCount().replace("{{hops}}", Integer.toString(hops)),
              target,
              window(env, ledger));
      softly.assertThat(result.outcome()).as(result.describe()).isEqualTo(Outcome.PASS);
    }
    softly.assertAll();
  }

  // ---- Cost & resource monitoring ---------------------------------------------------------------

  @Test
  @Order(8)
  @DisplayName("API node autoscale events: scale-ups, scale-downs")
  void apiNodeAutoscaleEvents(Environment env, LedgerStore ledger) {
    configured(
        env,
        ledger,
        "autoscale_events",
        "API node autoscale events",
        "no autoscaler metric is scraped here",
        "e.g. sum(changes(kube_horizontalpodautoscaler_status_desired_replicas{horizontalpodautoscaler=\"intelgraph-api\"}[{{window}}]))");
  }

  @Test
  @Order(9)
  @DisplayName("Neo4j page-cache hit rate > 85%")
  void neo4jPageCacheHitRate(Environment env, LedgerStore ledger) {
    configured(
        env,
        ledger,
        "neo4j_page_cache_hit",
        "Neo4j page-cache hit rate",
        "there is no Neo4j (nor its metrics) here",
        "e.g. sum(increase(neo4j_page_cache_hits_total[{{window}}])) / (sum(increase(neo4j_page_cache_hits_total[{{window}}])) + sum(increase(neo4j_page_cache_faults_total[{{window}}]))), threshold '> 85%'");
  }

  /**
   * Kubecost's {@code networkCost} of {@code kpi.kafka_namespace} in allocation sets of {@code
   * kpi.kafka_egress_step} over the window: every set's $/h must meet {@code kpi.kafka_egress}, so
   * a spike in any hour fails the line.
   */
  @Test
  @Order(10)
  @DisplayName(
      "Kafka egress costs: $/hour (monitor for spikes) (Kubecost networkCost of kpi.kafka_namespace per kafka_egress_step)")
  void kafkaEgressCosts(Environment env, LedgerStore ledger) {
    Kpi kpi = env.kpi();
    BakeWindow w = window(env, ledger);
    Duration span =
        Duration.ofMinutes(
            Math.max(1, (w.configured().toMinutes() / kpi.kafkaEgressStep().toMinutes()))
                * kpi.kafkaEgressStep().toMinutes());
    List<KubecostCosts.CostPoint> points =
        new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
            .series(kpi.kafkaNamespace(), span, kpi.kafkaEgressStep());
    String series =
        points.stream()
            .map(p -> "%s..%s $%.4f/h".formatted(p.start(), p.end(), p.networkCost() / p.hours()))
            .collect(Collectors.joining("; "));
    Allure.addAttachment("Kafka egress cost per step", "text/plain", series + "\n", ".txt");
    assertThat(points)
        .as(
            "Kafka egress (Kubecost networkCost of namespace '%s', %s in steps of %s) at %s vs kpi.kafka_egress %s: %s",
            kpi.kafkaNamespace(),
            span,
            kpi.kafkaEgressStep(),
            Instant.now(),
            kpi.kafkaEgress(),
            series)
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(kpi.kafkaEgress().isMetBy(p.networkCost() / p.hours()))
                    .as(
                        "Kafka egress spike %s..%s: $%.4f/h misses %s",
                        p.start(), p.end(), p.networkCost() / p.hours(), kpi.kafkaEgress())
                    .isTrue());
  }

  /**
   * Kubecost's allocation of the namespace over its last hour, x 24, against the runbook's daily
   * budget: a projection, not a 24 h total.
   */
  @Test
  @Order(11)
  @DisplayName("Total cost vs. budget: $/day vs. $600 budget (Kubecost rate x 24)")
  void totalCostVsBudget(Environment env) {
    CostProbe.CostRate rate =
        new CostProbe(env.endpoints().cost(), env.preflight().timeout())
            .rate(env.cluster().namespace());
    double perDay = rate.dollarsPerHour() * 24;
    double budget = env.kpi().costBudgetPerDay();
    assertThat(perDay)
        .as(
            "total cost at %s: $%.2f/day (= $%.2f/h x 24, %s) vs budget $%.2f/day (kpi.cost_budget_per_day)",
            Instant.now(), perDay, rate.dollarsPerHour(), rate, budget)
        .isLessThanOrEqualTo(budget);
  }

  // ---- Alert health -----------------------------------------------------------------------------

  @Test
  @Order(12)
  @DisplayName("Page frequency: pages/hour (target: near zero)")
  void pageFrequency(Environment env, LedgerStore ledger) {
    configured(
        env,
        ledger,
        "page_frequency",
        "Page frequency",
        "no paging system is connected here",
        "e.g. sum(increase(alertmanager_notifications_total{integration=\"pagerduty\"}[{{window}}])) / 24, threshold e.g. '<= 0.1'");
  }

  /**
   * Whether a page needed action is recorded by people (the incident's resolution), not by
   * Alertmanager: with {@code kpi.queries.false_positive_rate} (e.g. an incident tool's exporter)
   * it is measured, otherwise it is the on-call reviewer's attestation ({@code
   * attestations.false_positive_rate}), recorded with who and when.
   */
  @Test
  @Order(13)
  @DisplayName(
      "False positive rate < 5% (kpi.queries.false_positive_rate, else attested: attestations.false_positive_rate)")
  void falsePositiveRate(Environment env, LedgerStore ledger) {
    KpiQuery query = env.kpi().queries().get("false_positive_rate");
    if (query != null) {
      BakeLines.assertPassed(
          BakeProbe.kpi(env).configured("False positive rate", query, window(env, ledger)));
      return;
    }
    Attested.record(
        ledger,
        new Judgement(
                "false_positive_rate",
                "False positive rate < 5%",
                "\"erin (on-call lead): 0 of 3 pages resolved without action\"")
            .attest(env.attestations().falsePositiveRate(), Instant.now()));
  }

  /**
   * A judgement of the on-call team over the first 24 hours (ignored alerts, muted channels, late
   * acknowledgements), not a metric.
   */
  @Test
  @Order(14)
  @DisplayName("Alert fatigue indicators: none observed (attested: attestations.alert_fatigue)")
  void alertFatigueIndicators(Environment env, LedgerStore ledger) {
    Attested.record(
        ledger,
        new Judgement(
                "alert_fatigue",
                "Alert fatigue indicators: none observed",
                "\"dana (on-call): no ignored or muted alerts, every page acknowledged within 5 min\"")
            .attest(env.attestations().alertFatigue(), Instant.now()));
  }

  /**
   * A line measured by configured PromQL, or skipped as "not configured" with the key and an
   * example: never a pass without a measurement.
   */
  private void configured(
      Environment env, LedgerStore ledger, String key, String line, String why, String example) {
    KpiQuery query = env.kpi().queries().get(key);
    Assumptions.assumeTrue(
        query != null,
        () ->
            "not configured: no metric for %s in environment %s (%s); configure `kpi.queries.%s` (query, optional threshold), %s"
                .formatted(line, env.name(), why, key, example));
    BakeLines.assertPassed(BakeProbe.kpi(env).configured(line, query, window(env, ledger)));
  }
}
