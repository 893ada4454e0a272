package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spike at the 40 % step that ends by itself: YELLOW once, no rollback, the ramp carries on to
 * 100 %.
 *
 * <p>"Brief" is relative to the follow-up check: the spike also fires the sandbox's burn-rate page,
 * whose short window is 15 s ({@code BurnRateRules.SANDBOX}), so the follow-up comes 20 s after the
 * YELLOW check, once that window no longer holds the spike. With the scenarios' 8 s rate windows
 * the follow-up would otherwise come after 10 s and see the page still firing: a second failure,
 * RED.
 */
class BriefSpikeScenarioIT {

  @Test
  void aBriefSpikeAt40IsYellowAndTheRampCarriesOn() {
    Outcome run =
        run(
            "brief-spike-at-40",
            "brief-spike@40",
            UP_TO_RAMP,
            Map.of("cutover.cadence.gate_interval", "20s"));
    Ledger ledger = run.ledger();

    assertThat(ledger.gates())
        .as("records of the ramp")
        .anySatisfy(
            g -> {
              assertThat(g.phase()).isEqualTo("ramp");
              assertThat(g.verdict()).isEqualTo(Verdict.YELLOW);
              assertThat(g.streak()).isEqualTo(1);
            })
        .noneSatisfy(g -> assertThat(g.verdict()).isEqualTo(Verdict.RED));
    assertThat(ledger.rollback()).as("rollback after a brief spike").isEmpty();
    assertThat(run.failures()).isEmpty();
    assertThat(statuses(ledger)).containsEntry("ramp", PhaseResult.Status.PASSED);
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).contains(40, 60, 80, 100);
  }
}
