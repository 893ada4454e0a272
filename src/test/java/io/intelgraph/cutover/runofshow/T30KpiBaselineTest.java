package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.junit.BaselinePhase;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-30, for the business KPI watch: the "baseline" of its "Successful logins/min: baseline vs
 * current". The watch runs a day later, possibly on another runner, so the baseline is taken now
 * and kept in the ledger (like every T-30 baseline), not recomputed from history that may be gone.
 * The API sees tokens, not logins: the rate is of the requests it authenticated ({@code
 * kpi.authenticated_requests}), per minute, over all traffic.
 */
@BaselinePhase
@DisplayName("T-30: baseline for the business KPI watch")
class T30KpiBaselineTest {

  static final String LOGINS_BASELINE = "authenticated_requests_per_minute";

  @Test
  @Order(1)
  @DisplayName("Successful logins/min baseline (authenticated API requests/min, all traffic)")
  void successfulLoginsPerMinuteBaseline(Environment env, LedgerStore ledger) {
    String query =
        "sum(rate(%s[%ds])) * 60"
            .formatted(env.kpi().authenticatedRequests(), env.cadence().rateWindow().toSeconds());
    Instant at = Instant.now();
    Optional<Sample> sample = PromQlClient.forEnvironment(env).query(query, at).singleSample();
    if (sample.isEmpty() || !sample.get().isFinite()) {
      fail(
          "no %s baseline at %s: Prometheus answered %s for '%s'; a missing measurement is never a baseline"
              .formatted(
                  LOGINS_BASELINE,
                  at,
                  sample.map(s -> Double.toString(s.value())).orElse("no series"),
                  query));
    }
    double perMinute = sample.get().value();
    assertThat(perMinute)
        .as(
            "%s at %s is %s/min for '%s': no authenticated traffic, so nothing to compare the KPI watch with",
            LOGINS_BASELINE, at, perMinute, query)
        .isPositive();
    ledger.update(l -> l.withBaseline(new Baseline(LOGINS_BASELINE, perMinute, "/min", query, at)));
  }
}
