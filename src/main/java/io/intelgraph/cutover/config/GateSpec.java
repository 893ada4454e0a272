package io.intelgraph.cutover.config;

import java.time.Duration;
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
    boolean shadow) {

  /** A gate that judges the release (not a shadow gate). */
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
        false);
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
    if (alertRules.isEmpty() && query.contains("{{alert_rules}}")) {
      throw new IllegalArgumentException(
          "query uses {{alert_rules}} but alert_rules is not set; add e.g. alert_rules: .*BurnRate.*");
    }
  }
}
