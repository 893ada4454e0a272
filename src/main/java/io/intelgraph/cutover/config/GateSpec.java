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
 * @param maxAboveBaseline optional relative limit: the value may exceed the T-30 baseline by at most this ratio (0.2 = 20 %)
 * @param trafficQuery optional query for the number of requests behind a ratio in the window
 * @param minTraffic fewer requests than this make the evaluation {@code LOW_SAMPLE}, never a pass
 * @param freshnessQuery how many raw samples behind the gate arrived within {@code {{staleness}}}
 *     (= max_staleness), e.g. {@code sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))}:
 *     an instant query of a {@code rate()} is stamped with the evaluation time however old its
 *     input is, so staleness needs its own question; an empty answer or 0 is {@code STALE}
 * @param maxStaleness no raw sample newer than this makes the evaluation {@code STALE}
 * @param critical a single failure is RED at once (security, policy, availability)
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
    boolean critical) {

  public GateSpec {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("gate name '%s' must be lower snake case, e.g. api_p95".formatted(name));
    }
    if (query.isBlank()) throw new IllegalArgumentException("query is empty");
    if (freshnessQuery.isBlank()) {
      throw new IllegalArgumentException("freshness_query is empty; count the raw samples within max_staleness,"
          + " e.g. sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))");
    }
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("max_staleness must be positive, e.g. 2m, got " + maxStaleness);
    }
    maxAboveBaseline.ifPresent(r -> {
      if (!(r > 0)) throw new IllegalArgumentException("max_above_baseline must be a positive ratio, e.g. 20%, got " + r);
    });
    if (minTraffic < 0) throw new IllegalArgumentException("min_traffic must not be negative, got " + minTraffic);
    if (minTraffic > 0 && trafficQuery.isEmpty()) {
      throw new IllegalArgumentException("min_traffic is set but traffic_query is missing: add the query that counts requests in the window");
    }
  }
}
