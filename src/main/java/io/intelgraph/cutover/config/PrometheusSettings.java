package io.intelgraph.cutover.config;

import java.time.Duration;

/**
 * How gates query Prometheus: the request timeout and the label selectors that pick a track.
 * Selectors are PromQL matcher fragments, e.g. {@code track="canary"}, substituted for
 * {@code {{selector}}} in gate queries.
 */
public record PrometheusSettings(Duration queryTimeout, Selectors selectors) {

  /** Matcher fragments for each scope a gate can be evaluated on. */
  public record Selectors(String stable, String canary, String all) {}
}
