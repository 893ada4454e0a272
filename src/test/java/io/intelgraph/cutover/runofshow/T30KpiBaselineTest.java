package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.junit.BaselinePhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.baseline.LoginsPerMinuteBaseline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-30, for the business KPI watch: the "baseline" of its "Successful logins/min: baseline vs
 * current", taken now and kept in the ledger ({@link LoginsPerMinuteBaseline}).
 */
@BaselinePhase
@DisplayName("T-30: baseline for the business KPI watch")
class T30KpiBaselineTest {

  /** The ledger's name of the baseline, as the KPI watch reads it. */
  static final String LOGINS_BASELINE = LoginsPerMinuteBaseline.NAME;

  @Test
  @Order(1)
  @DisplayName("Successful logins/min baseline (authenticated API requests/min, all traffic)")
  void successfulLoginsPerMinuteBaseline(LineContext context) {
    assertThat(LoginsPerMinuteBaseline.fromPrometheus().run(context)).passed();
  }
}
