package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;

/**
 * Timing of the cutover. The sandbox compresses these (seconds instead of minutes); the verdict
 * rules stay the same.
 *
 * @param watch the gate phase runs every remaining gate check in one process, one every {@code
 *     gateInterval} ({@code true}), or one check per run, e.g. a scheduled CI job ({@code false})
 * @param kpiWindow the business KPI watch's window, the runbook's "first 24 hours" after full
 *     traffic
 * @param closeoutWindow the day-3 bake report's window, the runbook's 72 hours after full traffic
 */
public record Cadence(
    Duration scrapeInterval,
    Duration rateWindow,
    Duration gateInterval,
    int gateChecks,
    Duration escalationAfter,
    int canaryWeight,
    List<Integer> rampSteps,
    Duration soak,
    Duration rolloutTimeout,
    Duration progressEvery,
    boolean watch,
    Duration kpiWindow,
    Duration closeoutWindow) {

  public Cadence {
    rampSteps = List.copyOf(rampSteps);
    if (canaryWeight < 1 || canaryWeight > 100)
      throw new IllegalArgumentException("canary_weight must be 1..100, got " + canaryWeight);
    int previous = canaryWeight;
    for (int step : rampSteps) {
      if (step <= previous || step > 100) {
        throw new IllegalArgumentException(
            "ramp_steps must rise above canary_weight to at most 100, got " + rampSteps);
      }
      previous = step;
    }
    if (rampSteps.isEmpty() || rampSteps.get(rampSteps.size() - 1) != 100) {
      throw new IllegalArgumentException("ramp_steps must end at 100, got " + rampSteps);
    }
    if (gateChecks < 1)
      throw new IllegalArgumentException("gate_checks must be at least 1, got " + gateChecks);
    if (kpiWindow.compareTo(rateWindow) < 0) {
      throw new IllegalArgumentException(
          "kpi_window %s must span at least one rate_window (%s), e.g. 24h"
              .formatted(kpiWindow, rateWindow));
    }
    if (closeoutWindow.compareTo(rateWindow) < 0) {
      throw new IllegalArgumentException(
          "closeout_window %s must span at least one rate_window (%s), e.g. 72h"
              .formatted(closeoutWindow, rateWindow));
    }
    if (rateWindow.compareTo(scrapeInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "rate_window %s must span at least two scrape intervals (%s)"
              .formatted(rateWindow, scrapeInterval));
    }
  }
}
