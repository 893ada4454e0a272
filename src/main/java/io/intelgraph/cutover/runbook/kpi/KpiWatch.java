package io.intelgraph.cutover.runbook.kpi;

import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Kpi;
import io.intelgraph.cutover.config.KpiQuery;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.preflight.KubecostCosts;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.review.Judgement;
import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.BakeSpan;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import io.intelgraph.cutover.runbook.baseline.LoginsPerMinuteBaseline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run of show's "Business KPI Watch (First 24 Hours)": every line over {@code
 * cadence.kpi_window} (24 h; 1 min in the sandbox) ending at the first line, never before full
 * traffic, judged on the data that exists with the share of the window it covered. Too little
 * coverage is NO_DATA, too few events LOW_SAMPLE: never a pass. One watch judges one window, so all
 * its lines describe the same time.
 *
 * <p>Tenant mix, regional latency, autoscale events, Neo4j page cache and alert pages are PromQL in
 * {@code kpi.queries.<line>} with the real exporters' names as defaults (defaults.yaml); absent,
 * the line is NOT_CONFIGURED with the key to set. The false positive rate is measured if
 * configured, otherwise attested.
 *
 * <pre>{@code
 * KpiWatch watch = new KpiWatch();
 * assertThat(watch.mutationSuccessRate().run(context)).passed();
 * }</pre>
 */
public final class KpiWatch {

  /** The ledger baseline the T-30 phase records for the logins line. */
  public static final String LOGINS_BASELINE = LoginsPerMinuteBaseline.NAME;

  private final BakeSpan span =
      new BakeSpan("KPI watch", "kpi_window", env -> env.cadence().kpiWindow());
  private final Function<Environment, BakeProbe> probes;

  /** The watch as a run reads it: PromQL against the environment's Prometheus. */
  public KpiWatch() {
    this(BakeProbe::kpi);
  }

  KpiWatch(Function<Environment, BakeProbe> probes) {
    this.probes = probes;
  }

  /**
   * The API sees tokens, not logins: "successful logins" are the requests it authenticated ({@code
   * kpi.authenticated_requests}) per minute, averaged over the window, as a share of the rate the
   * T-30 phase recorded in the ledger.
   */
  public RunbookLine successfulLoginsPerMinute() {
    return context -> {
      Baseline t30 = context.ledger().read().baselines().get(LOGINS_BASELINE);
      if (t30 == null) {
        return context
            .report()
            .problem(
                "no T-30 %s baseline in the ledger %s (it has %s), so there is nothing to compare"
                    + " with; run -Dgroups=baseline first",
                LOGINS_BASELINE,
                context.ledger().location(),
                context.ledger().read().baselines().keySet())
            .judged();
      }
      Kpi kpi = context.environment().kpi();
      return measured(
          context,
          (probe, window) ->
              probe.perMinuteVsBaseline(
                  "Successful logins/min (authenticated requests/min, current / T-30)",
                  kpi.authenticatedRequests(),
                  t30.value(),
                  "T-30 at %s: %s".formatted(t30.at(), t30.query()),
                  kpi.loginsVsBaseline(),
                  window));
    };
  }

  /**
   * Queries that ran: success / (success + error); a policy denial (forbidden) is the policy
   * working, judged by the security goldens.
   */
  public RunbookLine graphQlQuerySuccessRate() {
    return context -> {
      Kpi kpi = context.environment().kpi();
      List<String> notQueries = new ArrayList<>(kpi.mutationFields());
      notQueries.addAll(kpi.subscriptionFields());
      String fields = "%s!~\"%s\"".formatted(kpi.operationLabel(), String.join("|", notQueries));
      return measured(
          context,
          (probe, window) ->
              probe.ratio(
                  "GraphQL query success rate",
                  kpi.operationsWhere(fields, kpi.succeeded()),
                  kpi.operationsWhere(fields, kpi.ran()),
                  kpi.querySuccess(),
                  window));
    };
  }

  /** Mutations: success / (success + error), denials excluded. */
  public RunbookLine mutationSuccessRate() {
    return context -> {
      Kpi kpi = context.environment().kpi();
      String fields =
          "%s=~\"%s\"".formatted(kpi.operationLabel(), String.join("|", kpi.mutationFields()));
      return measured(
          context,
          (probe, window) ->
              probe.ratio(
                  "Mutation success rate",
                  kpi.operationsWhere(fields, kpi.succeeded()),
                  kpi.operationsWhere(fields, kpi.ran()),
                  kpi.mutationSuccess(),
                  window));
    };
  }

  /** Subscription events delivered / (delivered + dropped): what a subscriber really got. */
  public RunbookLine subscriptionConnectionRate() {
    return context -> {
      Kpi kpi = context.environment().kpi();
      return measured(
          context,
          (probe, window) ->
              probe.ratio(
                  "Subscription connection rate (events delivered / published)",
                  kpi.subscriptionDelivered(),
                  kpi.subscriptionPublished(),
                  kpi.subscriptionDelivery(),
                  window));
    };
  }

  public RunbookLine tenantMixStable() {
    return configured(
        "tenant_mix",
        "Tenant mix stable",
        "the API's request metrics carry no tenant label",
        "e.g. max(sum by (tenant) (increase(tenant_requests_total[{{window}}]))) /"
            + " sum(increase(tenant_requests_total[{{window}}])), threshold '<= 20%'");
  }

  public RunbookLine regionalLatency() {
    return configured(
        "regional_latency",
        "Regional latency",
        "there is no per-region latency metric (one region, no region label)",
        "e.g. histogram_quantile(0.95, sum by (le, region)"
            + " (increase(http_request_duration_seconds_bucket[{{window}}]))); one series per"
            + " region");
  }

  /**
   * p95 per depth of {@code kpi.traversal_hops} over the window; 3-hop against the runbook's gate
   * ({@code gates.graph_3hop_p95}), the others reported. Every depth that did not pass is named.
   */
  public RunbookLine graphTraversalPerformance() {
    return context -> {
      Environment env = context.environment();
      LineReport.Builder report = context.report();
      Optional<BakeWindow> window = span.window(context, report);
      if (window.isEmpty()) return report.judged();
      BakeProbe probe = probes.apply(env);
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
                window.get());
        report.evidence(result.line(), result.describe());
        report.problemIf(!result.passed(), "%s", result.describe());
      }
      return report.judged();
    };
  }

  /**
   * Kubecost's {@code networkCost} of {@code kpi.kafka_namespace} in allocation sets of {@code
   * kpi.kafka_egress_step} over the window: every set's $/h must meet {@code kpi.kafka_egress}, so
   * a spike in any hour fails the line; no set at all fails too.
   */
  public RunbookLine kafkaEgressCosts() {
    return context -> {
      Environment env = context.environment();
      Kpi kpi = env.kpi();
      LineReport.Builder report = context.report();
      Optional<BakeWindow> window = span.window(context, report);
      if (window.isEmpty()) return report.judged();
      long stepMinutes = kpi.kafkaEgressStep().toMinutes();
      Duration covered =
          Duration.ofMinutes(
              Math.max(1, window.get().configured().toMinutes() / stepMinutes) * stepMinutes);
      String what =
          "Kafka egress (Kubecost networkCost of namespace '%s', %s in steps of %s) at %s vs"
              + " kpi.kafka_egress %s";
      what =
          what.formatted(
              kpi.kafkaNamespace(),
              covered,
              kpi.kafkaEgressStep(),
              context.now(),
              kpi.kafkaEgress());
      List<KubecostCosts.CostPoint> points;
      try {
        points =
            new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
                .series(kpi.kafkaNamespace(), covered, kpi.kafkaEgressStep());
      } catch (PreflightException e) {
        return report.problem("%s: %s", what, e.getMessage()).judged();
      }
      String series =
          points.stream()
              .map(p -> "%s..%s $%.4f/h".formatted(p.start(), p.end(), perHour(p)))
              .collect(Collectors.joining("; "));
      report.evidence("Kafka egress cost per step", series);
      report.problemIf(points.isEmpty(), "%s: Kubecost returned no allocation set", what);
      for (KubecostCosts.CostPoint p : points) {
        report.problemIf(
            !kpi.kafkaEgress().isMetBy(perHour(p)),
            "Kafka egress spike %s..%s: $%.4f/h misses %s (%s: %s)",
            p.start(),
            p.end(),
            perHour(p),
            kpi.kafkaEgress(),
            what,
            series);
      }
      return report.judged();
    };
  }

  private static double perHour(KubecostCosts.CostPoint point) {
    return point.networkCost() / point.hours();
  }

  /**
   * Kubecost's allocation of the namespace over its last hour, x 24, against the runbook's daily
   * budget ({@code kpi.cost_budget_per_day}): a projection, not a 24 h total.
   */
  public RunbookLine totalCostVsBudget() {
    return context -> {
      Environment env = context.environment();
      LineReport.Builder report = context.report();
      CostProbe.CostRate rate;
      try {
        rate =
            new CostProbe(env.endpoints().cost(), env.preflight().timeout())
                .rate(env.cluster().namespace());
      } catch (PreflightException e) {
        return report.problem("total cost at %s: %s", context.now(), e.getMessage()).judged();
      }
      double perDay = rate.dollarsPerHour() * 24;
      double budget = env.kpi().costBudgetPerDay();
      String figures =
          "total cost at %s: $%.2f/day (= $%.2f/h x 24, %s) vs budget $%.2f/day"
              + " (kpi.cost_budget_per_day)";
      figures = figures.formatted(context.now(), perDay, rate.dollarsPerHour(), rate, budget);
      return report
          .evidence("Total cost vs budget", figures)
          .problemIf(perDay > budget, "%s: over budget", figures)
          .judged();
    };
  }

  public RunbookLine apiNodeAutoscaleEvents() {
    return configured(
        "autoscale_events",
        "API node autoscale events",
        "no autoscaler metric is scraped here",
        "e.g. sum(changes(kube_horizontalpodautoscaler_status_desired_replicas"
            + "{horizontalpodautoscaler=\"intelgraph-api\"}[{{window}}]))");
  }

  public RunbookLine neo4jPageCacheHitRate() {
    return configured(
        "neo4j_page_cache_hit",
        "Neo4j page-cache hit rate",
        "there is no Neo4j (nor its metrics) here",
        "e.g. sum(increase(neo4j_page_cache_hits_total[{{window}}])) /"
            + " (sum(increase(neo4j_page_cache_hits_total[{{window}}])) +"
            + " sum(increase(neo4j_page_cache_faults_total[{{window}}]))), threshold '> 85%'");
  }

  public RunbookLine pageFrequency() {
    return configured(
        "page_frequency",
        "Page frequency",
        "no paging system is connected here",
        "e.g. sum(increase(alertmanager_notifications_total{integration=\"pagerduty\"}"
            + "[{{window}}])) / 24, threshold e.g. '<= 0.1'");
  }

  /**
   * Whether a page needed action is recorded by people (the incident's resolution), not by
   * Alertmanager: with {@code kpi.queries.false_positive_rate} it is measured, otherwise it is the
   * on-call reviewer's attestation ({@code attestations.false_positive_rate}).
   */
  public RunbookLine falsePositiveRate() {
    return context -> {
      KpiQuery query = context.environment().kpi().queries().get("false_positive_rate");
      if (query != null) {
        return measured(
            context, (probe, window) -> probe.configured("False positive rate", query, window));
      }
      return AttestedJudgement.record(
          context,
          new Judgement(
              "false_positive_rate",
              "False positive rate < 5%",
              "\"erin (on-call lead): 0 of 3 pages resolved without action\""),
          context.environment().attestations().falsePositiveRate());
    };
  }

  /**
   * A judgement of the on-call team over the first 24 hours (ignored alerts, muted channels, late
   * acknowledgements), not a metric.
   */
  public RunbookLine alertFatigueIndicators() {
    return context ->
        AttestedJudgement.record(
            context,
            new Judgement(
                "alert_fatigue",
                "Alert fatigue indicators: none observed",
                "\"dana (on-call): no ignored or muted alerts, every page acknowledged within 5"
                    + " min\""),
            context.environment().attestations().alertFatigue());
  }

  /**
   * A line measured by configured PromQL ({@code kpi.queries.<key>}), or NOT_CONFIGURED with the
   * key and an example: never a pass without a measurement.
   */
  RunbookLine configured(String key, String line, String why, String example) {
    return context -> {
      KpiQuery query = context.environment().kpi().queries().get(key);
      if (query == null) {
        return context
            .report()
            .notConfigured(
                ("no metric for %s in environment %s (%s); configure `kpi.queries.%s` (query,"
                        + " optional threshold), %s")
                    .formatted(line, context.environment().name(), why, key, example))
            .judged();
      }
      return measured(context, (probe, window) -> probe.configured(line, query, window));
    };
  }

  private LineReport measured(
      LineContext context, java.util.function.BiFunction<BakeProbe, BakeWindow, BakeResult> line) {
    BakeProbe probe = probes.apply(context.environment());
    return span.judge(context, window -> line.apply(probe, window));
  }
}
