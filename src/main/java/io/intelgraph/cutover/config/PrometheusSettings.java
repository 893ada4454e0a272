package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How gates query Prometheus: the request timeout, the label selectors that pick a track, and the
 * names of the labels the status-based queries match on. Selectors are PromQL matcher fragments,
 * e.g. {@code track="canary"}, substituted for {@code {{selector}}} in gate queries.
 */
public record PrometheusSettings(Duration queryTimeout, Selectors selectors, Labels labels) {

  /** Matcher fragments for each scope a gate can be evaluated on. */
  public record Selectors(String stable, String canary, String all) {}

  /**
   * The labels production's series carry, named once for every query that matches on them.
   *
   * @param status the HTTP status code label of the API's request counter, filled in for
   *     {@code {{status_label}}} in the gates, KPI and closeout queries: {@code status} in the run of
   *     show's own queries, {@code status_code} where the exporter names it so
   */
  public record Labels(String status) {
    public Labels {
      Objects.requireNonNull(status, "status");
      if (!StatusLabel.isLabelName(status)) {
        throw new IllegalArgumentException(StatusLabel.invalid(status));
      }
    }
  }
}
