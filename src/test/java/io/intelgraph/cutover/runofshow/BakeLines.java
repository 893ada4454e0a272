package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.intelgraph.cutover.bake.BakeResult;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * What the KPI watch and the closeout share: their window, from the ledger, and one way to judge a
 * line.
 */
final class BakeLines {

  private BakeLines() {}

  /**
   * The window ending now, {@code configured} long, never starting before the attempt's first 100 %
   * traffic step; an attempt that never reached full traffic has no KPI or bake window at all.
   */
  static BakeWindow window(String phase, String key, Duration configured, LedgerStore ledger) {
    Ledger current = ledger.read();
    Instant fullTraffic =
        current.traffic().stream()
            .filter(step -> step.canaryPercent() == 100)
            .map(TrafficStep::at)
            .min(Comparator.naturalOrder())
            .orElse(null);
    if (fullTraffic == null) {
      fail(
          ("the %s window (cadence.%s = %s) starts at full traffic, but attempt %s has no 100 %% traffic step in the ledger %s (steps: %s);"
                  + " run the ramp (-Dgroups=ramp) first")
              .formatted(
                  phase,
                  key,
                  configured,
                  current.attemptId(),
                  ledger.location(),
                  current.traffic()));
    }
    return BakeWindow.trailing(configured, fullTraffic, Instant.now());
  }

  /**
   * Only PASS passes; the message is the whole evidence (outcome, value, target, window, coverage,
   * queries, time).
   */
  static void assertPassed(BakeResult result) {
    // a passing line's figures are evidence too: the report carries what was measured, not only
    // that it passed
    Allure.addAttachment(result.line(), "text/plain", result.describe(), ".txt");
    assertThat(result.outcome()).as(result.describe()).isEqualTo(Outcome.PASS);
  }
}
