package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;

/**
 * Timing of the cutover. The sandbox compresses these (seconds instead of minutes); the verdict
 * rules stay the same.
 *
 * @param gateInterval how long a YELLOW waits for its follow-up check (canary, ramp), and the least
 *     time between a failed gate check and the next
 * @param gateChecksAt the gate phase's checks on the runbook's clock, in order: each due that long
 *     after {@code clockFrom}, e.g. {@code [15m, 30m, 60m]} (T+15, T+30, T+60); a compressed clock
 *     names the runbook time each stands for, e.g. {@code [T+15 at 95s, ...]}
 * @param clockFrom the moment the runbook's clock counts from: {@code t0}, the canary's first
 *     traffic (the runbook's T-0), or {@code lock}, the ramp's locked 100 % step
 * @param watch the gate phase runs every remaining gate check in one process, each at its due time
 *     ({@code true}), or one check per run, e.g. a scheduled CI job ({@code false})
 * @param kpiWindow the business KPI watch's window, the runbook's "first 24 hours" after full
 *     traffic
 * @param closeoutWindow the day-3 bake report's window, the runbook's 72 hours after full traffic
 */
public record Cadence(
    Duration scrapeInterval,
    Duration rateWindow,
    Duration gateInterval,
    List<GateCheckOffset> gateChecksAt,
    ClockFrom clockFrom,
    Duration escalationAfter,
    int canaryWeight,
    List<Integer> rampSteps,
    Duration soak,
    Duration rolloutTimeout,
    Duration progressEvery,
    boolean watch,
    Duration kpiWindow,
    Duration closeoutWindow) {

  /** What the runbook's clock counts from. */
  public enum ClockFrom {
    /** The runbook's T-0: the canary phase's first traffic step. */
    T0,
    /** The ramp's locked 100 % step. */
    LOCK
  }

  public Cadence {
    rampSteps = List.copyOf(rampSteps);
    gateChecksAt = List.copyOf(gateChecksAt);
    java.util.Objects.requireNonNull(clockFrom, "clock_from");
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
    if (gateChecksAt.isEmpty()) {
      throw new IllegalArgumentException(
          "gate_checks_at is empty; give at least one check's offset, e.g. [15m, 30m, 60m]");
    }
    for (int i = 1; i < gateChecksAt.size(); i++) {
      if (gateChecksAt.get(i).at().compareTo(gateChecksAt.get(i - 1).at()) <= 0) {
        throw new IllegalArgumentException(
            "gate_checks_at must rise, each check after the one before, got " + gateChecksAt);
      }
    }
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

  /** How many gate checks the gate phase makes: one per {@code gate_checks_at}. */
  public int gateChecks() {
    return gateChecksAt.size();
  }
}
