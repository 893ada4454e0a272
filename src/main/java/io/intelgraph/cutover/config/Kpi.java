package io.intelgraph.cutover.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The business KPI watch (the run of show's "first 24 hours"), judged over {@code
 * cadence.kpi_window} after full traffic. Ratios are ratios of counter increases over the whole
 * window.
 *
 * @param minCoverage the share of the window that must hold data, e.g. 0.9; less is NO_DATA, never
 *     a pass
 * @param minTraffic events behind a ratio (operations, subscription events); fewer is LOW_SAMPLE
 * @param querySuccess GraphQL queries that ran (success + error; policy denials are counted apart),
 *     runbook "> 99%"
 * @param mutationSuccess the same for mutations, runbook "> 99.5%"
 * @param subscriptionDelivery subscription events delivered / (delivered + dropped), runbook ">
 *     98%"
 * @param loginsVsBaseline authenticated requests per minute now, as a share of the T-30 rate (the
 *     runbook gives no target for "baseline vs current"; this one is the suite's)
 * @param authenticatedRequests the counter selector of requests the API authenticated, the
 *     "successful logins" the API can see (it sees tokens, not logins), e.g. {@code
 *     http_requests_total{route="/graphql",status_code!~"401|403"}}
 * @param costBudgetPerDay the runbook's daily budget in dollars, compared with Kubecost's hourly
 *     rate x 24
 * @param mutationFields root fields that are mutations in {@code
 *     graphql_operations_total{operation}}
 * @param subscriptionFields root fields that are subscriptions; every other root field is a query
 * @param traversalHops the graph traversal depths the runbook reports (2-, 3-, 4-hop)
 * @param queries PromQL for the lines without a built-in metric, by {@link #CONFIGURABLE} name
 * @param operations the API's counter of GraphQL operations, labelled by root field ({@code
 *     operation_label}) and outcome
 * @param operationLabel the label of {@code operations} that holds the root field
 * @param succeeded the matcher of {@code operations} for an operation that succeeded, e.g. {@code
 *     outcome="success"}
 * @param ran the matcher for operations that ran (succeeded or failed; policy denials excluded),
 *     e.g. {@code outcome=~"success|error"}
 * @param subscriptionDelivered the counter selector of subscription events delivered to a
 *     subscriber
 * @param subscriptionPublished the counter selector of subscription events that should have been
 *     delivered (delivered + dropped)
 * @param traversalBucket the histogram bucket selector of graph traversals; {@code {{hops}}} is the
 *     depth
 * @param traversalCount the matching {@code _count} selector; {@code {{hops}}} is the depth
 * @param kafkaNamespace the namespace whose network cost Kubecost allocates to Kafka (egress)
 * @param kafkaEgress the most Kafka's network cost may run at in any {@code kafka_egress_step} of
 *     the window, e.g. '<= 2 $/h'
 * @param kafkaEgressStep the length of Kubecost's allocation sets the egress cost is read in, e.g.
 *     1h (whole minutes)
 */
public record Kpi(
    double minCoverage,
    double minTraffic,
    Threshold querySuccess,
    Threshold mutationSuccess,
    Threshold subscriptionDelivery,
    Threshold loginsVsBaseline,
    String authenticatedRequests,
    double costBudgetPerDay,
    List<String> mutationFields,
    List<String> subscriptionFields,
    List<Integer> traversalHops,
    Map<String, KpiQuery> queries,
    String operations,
    String operationLabel,
    String succeeded,
    String ran,
    String subscriptionDelivered,
    String subscriptionPublished,
    String traversalBucket,
    String traversalCount,
    String kafkaNamespace,
    Threshold kafkaEgress,
    java.time.Duration kafkaEgressStep) {

  /** The KPI lines that only a configured query can measure. */
  public static final Set<String> CONFIGURABLE =
      Set.of(
          "tenant_mix",
          "regional_latency",
          "autoscale_events",
          "neo4j_page_cache_hit",
          "kafka_egress_cost",
          "page_frequency",
          "false_positive_rate");

  public Kpi {
    if (!(minCoverage > 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException(
          "min_coverage must be a ratio in (0, 1], e.g. 0.9, got " + minCoverage);
    }
    if (!(minTraffic >= 0) || Double.isInfinite(minTraffic))
      throw new IllegalArgumentException("min_traffic must be >= 0, got " + minTraffic);
    requireRatio("query_success", querySuccess);
    requireRatio("mutation_success", mutationSuccess);
    requireRatio("subscription_delivery", subscriptionDelivery);
    requireRatio("logins_vs_baseline", loginsVsBaseline);
    if (authenticatedRequests == null || authenticatedRequests.isBlank()) {
      throw new IllegalArgumentException(
          "authenticated_requests is empty; give the counter of authenticated requests, e.g. http_requests_total{status_code!~\"401|403\"}");
    }
    if (!(costBudgetPerDay > 0) || Double.isInfinite(costBudgetPerDay)) {
      throw new IllegalArgumentException(
          "cost_budget_per_day must be a positive number of dollars, e.g. 600, got "
              + costBudgetPerDay);
    }
    mutationFields = List.copyOf(mutationFields);
    subscriptionFields = List.copyOf(subscriptionFields);
    for (String field : concat(mutationFields, subscriptionFields)) {
      if (!field.matches("[_A-Za-z][_0-9A-Za-z]*")) {
        throw new IllegalArgumentException(
            "'%s' is not a GraphQL root field name (mutation_fields, subscription_fields)"
                .formatted(field));
      }
    }
    if (mutationFields.isEmpty())
      throw new IllegalArgumentException(
          "mutation_fields is empty; name the API's mutations, e.g. [createEntity]");
    traversalHops = List.copyOf(traversalHops);
    if (traversalHops.stream().anyMatch(h -> h < 1))
      throw new IllegalArgumentException("traversal_hops must be positive, got " + traversalHops);
    Map.of(
            "operations",
            operations,
            "operation_label",
            operationLabel,
            "succeeded",
            succeeded,
            "ran",
            ran,
            "subscription_delivered",
            subscriptionDelivered,
            "subscription_published",
            subscriptionPublished,
            "traversal_bucket",
            traversalBucket,
            "traversal_count",
            traversalCount)
        .forEach(
            (key, value) -> {
              if (value.isBlank())
                throw new IllegalArgumentException(
                    key + " is empty; give the metric (see defaults.yaml for the built-in one)");
            });
    for (String key : List.of("traversal_bucket", "traversal_count")) {
      String value = key.equals("traversal_bucket") ? traversalBucket : traversalCount;
      if (!value.contains("{{hops}}")) {
        throw new IllegalArgumentException(
            "%s '%s' has no {{hops}}; e.g. graph_query_duration_seconds_bucket{hops=\"{{hops}}\"}"
                .formatted(key, value));
      }
    }
    if (kafkaNamespace == null || kafkaNamespace.isBlank())
      throw new IllegalArgumentException(
          "kafka_namespace is empty; name Kafka's namespace, e.g. kafka");
    if (kafkaEgress.unit() != Unit.DOLLARS_PER_HOUR) {
      throw new IllegalArgumentException(
          "kafka_egress must be dollars per hour, e.g. '<= 2 $/h', got '%s'"
              .formatted(kafkaEgress));
    }
    if (kafkaEgressStep.toMinutes() < 1 || kafkaEgressStep.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException(
          "kafka_egress_step must be whole minutes (Kubecost's step), e.g. 1h, got "
              + kafkaEgressStep);
    }
    queries = Map.copyOf(queries);
    Set<String> unknown = new TreeSet<>(queries.keySet());
    unknown.removeAll(CONFIGURABLE);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "queries %s are not KPI lines; use one of %s"
              .formatted(unknown, new TreeSet<>(CONFIGURABLE)));
    }
  }

  /**
   * The selector of {@code operations} with these matchers, e.g. {@code
   * graphql_operations_total{operation=~"a|b",outcome="success"}}.
   */
  public String operationsWhere(String... matchers) {
    return "%s{%s}".formatted(operations, String.join(",", matchers));
  }

  static void requireRatio(String key, Threshold threshold) {
    if (threshold.unit() != Unit.RATIO) {
      throw new IllegalArgumentException(
          "%s must be a percentage, e.g. '> 99%%', got '%s'".formatted(key, threshold));
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
