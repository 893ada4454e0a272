package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One gate as the environment defines it. {@code query} is a PromQL template: {@code {{window}}}
 * becomes the rate window (e.g. {@code 5m}) and {@code {{selector}}} the track's label matchers.
 *
 * <pre>
 * gates:
 *   error_ratio_5xx:
 *     description: 5xx ratio
 *     query: sum(rate(http_requests_total{status_code=~"5..",{{selector}}}[{{window}}])) / sum(rate(http_requests_total{{{selector}}}[{{window}}]))
 *     threshold: "<= 1%"
 *     traffic_query: sum(increase(http_requests_total{{{selector}}}[{{window}}]))
 *     min_traffic: 50
 *     freshness_query: sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))
 *     max_staleness: 2m
 * </pre>
 *
 * @param maxAboveBaseline optional relative limit: the value may exceed the T-30 baseline by at
 *     most this ratio (0.2 = 20 %)
 * @param trafficQuery optional query for the number of requests behind a ratio in the window
 * @param minTraffic fewer requests than this make the evaluation {@code LOW_SAMPLE}, never a pass
 * @param freshnessQuery how many raw samples behind the gate arrived within {@code {{staleness}}}
 *     (= max_staleness), e.g. {@code
 *     sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))}: an instant query of
 *     a {@code rate()} is stamped with the evaluation time however old its input is, so staleness
 *     needs its own question; an empty answer or 0 is {@code STALE}
 * @param maxStaleness no raw sample newer than this makes the evaluation {@code STALE}
 * @param critical a single BREACH is RED at once (security, policy, availability); an inconclusive
 *     outcome follows the two-consecutive rule like on any gate
 * @param alertRules optional RE2 regex of the Prometheus alerting rule names the gate judges,
 *     filled in for {@code {{alert_rules}}}; the rules API must show at least one such rule loaded,
 *     healthy and recently evaluated, else "no alert firing" proves nothing (NO_DATA, ERROR or
 *     STALE)
 * @param compareWithStable optional relative rule for the canary scope: the canary must not be
 *     measurably worse than the stable track over the same window ({@link StableComparisonSpec})
 * @param shadow the gate is tried, not trusted: evaluated, recorded and reported at every check
 *     like any gate (marked shadow), but its verdict never changes the release's, so it never rolls
 *     back or holds anything, critical or not. Absent from the file: false (the loader fills it in)
 * @param groupBy label names (e.g. {@code [route]}) to judge the gate per label value: the query
 *     and traffic_query aggregate by {@code {{group_by}}}, each group with {@code min_traffic} is
 *     judged on its own, and one breaching group breaches the gate; empty judges one number
 */
public record GateSpec(
    String name,
    String description,
    String query,
    Threshold threshold,
    Optional<Double> maxAboveBaseline,
    Optional<String> trafficQuery,
    double minTraffic,
    String freshnessQuery,
    Duration maxStaleness,
    boolean critical,
    Optional<String> alertRules,
    Optional<StableComparisonSpec> compareWithStable,
    boolean shadow,
    List<String> groupBy) {

  /** The placeholder a grouped gate's query and traffic_query aggregate by. */
  public static final String GROUP_BY = "{{group_by}}";

  /** https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels */
  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** A gate judging one number over all its series, shadow or not. */
  public GateSpec(
      String name,
      String description,
      String query,
      Threshold threshold,
      Optional<Double> maxAboveBaseline,
      Optional<String> trafficQuery,
      double minTraffic,
      String freshnessQuery,
      Duration maxStaleness,
      boolean critical,
      Optional<String> alertRules,
      Optional<StableComparisonSpec> compareWithStable,
      boolean shadow) {
    this(
        name,
        description,
        query,
        threshold,
        maxAboveBaseline,
        trafficQuery,
        minTraffic,
        freshnessQuery,
        maxStaleness,
        critical,
        alertRules,
        compareWithStable,
        shadow,
        List.of());
  }

  /** A gate that judges the release (not a shadow gate), per group when {@code groupBy} is set. */
  public GateSpec(
      String name,
      String description,
      String query,
      Threshold threshold,
      Optional<Double> maxAboveBaseline,
      Optional<String> trafficQuery,
      double minTraffic,
      String freshnessQuery,
      Duration maxStaleness,
      boolean critical,
      Optional<String> alertRules,
      Optional<StableComparisonSpec> compareWithStable,
      List<String> groupBy) {
    this(
        name,
        description,
        query,
        threshold,
        maxAboveBaseline,
        trafficQuery,
        minTraffic,
        freshnessQuery,
        maxStaleness,
        critical,
        alertRules,
        compareWithStable,
        false,
        groupBy);
  }

  /** A gate that judges the release on one number over all its series. */
  public GateSpec(
      String name,
      String description,
      String query,
      Threshold threshold,
      Optional<Double> maxAboveBaseline,
      Optional<String> trafficQuery,
      double minTraffic,
      String freshnessQuery,
      Duration maxStaleness,
      boolean critical,
      Optional<String> alertRules,
      Optional<StableComparisonSpec> compareWithStable) {
    this(
        name,
        description,
        query,
        threshold,
        maxAboveBaseline,
        trafficQuery,
        minTraffic,
        freshnessQuery,
        maxStaleness,
        critical,
        alertRules,
        compareWithStable,
        false,
        List.of());
  }

  /** A gate that is not compared with the stable track. */
  public GateSpec(
      String name,
      String description,
      String query,
      Threshold threshold,
      Optional<Double> maxAboveBaseline,
      Optional<String> trafficQuery,
      double minTraffic,
      String freshnessQuery,
      Duration maxStaleness,
      boolean critical,
      Optional<String> alertRules) {
    this(
        name,
        description,
        query,
        threshold,
        maxAboveBaseline,
        trafficQuery,
        minTraffic,
        freshnessQuery,
        maxStaleness,
        critical,
        alertRules,
        Optional.empty());
  }

  /** A gate that judges no alerting rules. */
  public GateSpec(
      String name,
      String description,
      String query,
      Threshold threshold,
      Optional<Double> maxAboveBaseline,
      Optional<String> trafficQuery,
      double minTraffic,
      String freshnessQuery,
      Duration maxStaleness,
      boolean critical) {
    this(
        name,
        description,
        query,
        threshold,
        maxAboveBaseline,
        trafficQuery,
        minTraffic,
        freshnessQuery,
        maxStaleness,
        critical,
        Optional.empty(),
        Optional.empty());
  }

  public GateSpec {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "gate name '%s' must be lower snake case, e.g. api_p95".formatted(name));
    }
    if (query.isBlank()) throw new IllegalArgumentException("query is empty");
    if (freshnessQuery.isBlank()) {
      throw new IllegalArgumentException(
          "freshness_query is empty; count the raw samples within max_staleness,"
              + " e.g. sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))");
    }
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException(
          "max_staleness must be positive, e.g. 2m, got " + maxStaleness);
    }
    maxAboveBaseline.ifPresent(
        r -> {
          if (!(r > 0))
            throw new IllegalArgumentException(
                "max_above_baseline must be a positive ratio, e.g. 20%, got " + r);
          // "above the baseline" bounds a value from above; a gate that must stay high has no such
          // limit
          if (threshold.comparison() == Comparison.AT_LEAST
              || threshold.comparison() == Comparison.GREATER_THAN) {
            throw new IllegalArgumentException(
                "max_above_baseline bounds a value from above, but threshold '%s' bounds it from below;"
                        .formatted(threshold)
                    + " remove max_above_baseline from this gate");
          }
        });
    if (minTraffic < 0)
      throw new IllegalArgumentException("min_traffic must not be negative, got " + minTraffic);
    if (minTraffic > 0 && trafficQuery.isEmpty()) {
      throw new IllegalArgumentException(
          "min_traffic is set but traffic_query is missing: add the query that counts requests in the window");
    }
    alertRules.ifPresent(
        regex -> {
          // it goes verbatim into a PromQL string literal, where a quote or a backslash changes its
          // meaning
          if (regex.isBlank() || regex.contains("\"") || regex.contains("\\")) {
            throw new IllegalArgumentException(
                "alert_rules is '%s'; expected a regex of alert names without quotes or backslashes, e.g. .*BurnRate.*"
                    .formatted(regex));
          }
          try {
            java.util.regex.Pattern.compile(regex);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "alert_rules '%s' is not a valid regex (%s); e.g. .*BurnRate.*"
                    .formatted(regex, e.getDescription()));
          }
        });
    compareWithStable.ifPresent(
        rule -> {
          // min_difference is compared with canary - stable in the gate's unit: 20ms against a
          // ratio means nothing
          Unit unit = rule.minDifference().unit();
          boolean plainNumber = unit == Unit.COUNT && rule.minDifference().value() == 0;
          if (unit != threshold.unit() && !plainNumber) {
            throw new IllegalArgumentException(
                "compare_with_stable.min_difference is '%s' but threshold '%s' is in %s; write it in the threshold's unit, e.g. %s"
                    .formatted(
                        rule.minDifference(),
                        threshold,
                        threshold.unit().name().toLowerCase(java.util.Locale.ROOT),
                        switch (threshold.unit()) {
                          case SECONDS -> "20ms";
                          case RATIO -> "0.2%";
                          case PER_SECOND -> "0.1 /s";
                          default -> "10";
                        }));
          }
        });
    groupBy = List.copyOf(groupBy);
    validateGroupBy(
        name, query, trafficQuery, freshnessQuery, maxAboveBaseline, compareWithStable, groupBy);
    if (alertRules.isEmpty() && query.contains("{{alert_rules}}")) {
      throw new IllegalArgumentException(
          "query uses {{alert_rules}} but alert_rules is not set; add e.g. alert_rules: .*BurnRate.*");
    }
  }

  /** Whether the gate is judged per label value ({@code group_by}) rather than as one number. */
  public boolean grouped() {
    return !groupBy.isEmpty();
  }

  /**
   * A grouped gate names its labels in the queries it groups: a {@code {{group_by}}} the suite
   * fills in is explicit where rewriting the user's PromQL could be fooled (by a nested
   * aggregation, a subquery, a binary operator), and a query that forgets it would silently judge
   * one group.
   */
  private static void validateGroupBy(
      String name,
      String query,
      Optional<String> trafficQuery,
      String freshnessQuery,
      Optional<Double> maxAboveBaseline,
      Optional<StableComparisonSpec> compareWithStable,
      List<String> groupBy) {
    for (String label : groupBy) {
      if (label == null || !LABEL_NAME.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "group_by has '%s'; expected Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*), e.g. [route] or [tenant, region]"
                .formatted(label));
      }
    }
    if (new java.util.HashSet<>(groupBy).size() != groupBy.size()) {
      throw new IllegalArgumentException(
          "group_by %s names a label twice; name each label once".formatted(groupBy));
    }
    if (freshnessQuery.contains(GROUP_BY)) {
      throw new IllegalArgumentException(
          "freshness_query uses %s; it counts the raw samples behind the whole gate, so it must yield one number: remove %s from it"
              .formatted(GROUP_BY, GROUP_BY));
    }
    if (groupBy.isEmpty()) {
      if (query.contains(GROUP_BY) || trafficQuery.filter(q -> q.contains(GROUP_BY)).isPresent()) {
        throw new IllegalArgumentException(
            "the query uses %s but group_by is not set; add e.g. group_by: [route], or write the query without %s"
                .formatted(GROUP_BY, GROUP_BY));
      }
      return;
    }
    String example =
        "e.g. (sum by (%1$s) (rate(http_requests_total{status=~\"5..\",{{selector}}}[{{window}}])) or 0 * sum by (%1$s) (rate(http_requests_total{{{selector}}}[{{window}}]))) / sum by (%1$s) (rate(http_requests_total{{{selector}}}[{{window}}]))"
            .formatted(GROUP_BY);
    if (!query.contains(GROUP_BY)) {
      throw new IllegalArgumentException(
          "group_by is %s but the query has no %s, so it would yield one number, not one per group; aggregate by it, %s"
              .formatted(groupBy, GROUP_BY, example));
    }
    if (trafficQuery.isPresent() && !trafficQuery.get().contains(GROUP_BY)) {
      throw new IllegalArgumentException(
          "group_by is %s but traffic_query has no %s, so min_traffic could not be applied per group; aggregate it by the same labels, e.g. sum by (%s) (increase(http_requests_total{{{selector}}}[{{window}}]))"
              .formatted(groupBy, GROUP_BY, GROUP_BY));
    }
    if (maxAboveBaseline.isPresent()) {
      throw new IllegalArgumentException(
          "group_by and max_above_baseline are both set, but the T-30 baseline is one number for the whole gate, not one per group; remove one of them");
    }
    if (compareWithStable.isPresent()) {
      throw new IllegalArgumentException(
          "group_by and compare_with_stable are both set, but the comparison with stable judges one number per track; remove one of them");
    }
  }
}
