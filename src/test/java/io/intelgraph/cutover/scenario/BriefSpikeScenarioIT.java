package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.TrafficStep;
import org.junit.jupiter.api.Test;

/** A spike at the 40 % step that ends by itself: YELLOW once, no rollback, the ramp carries on to 100 %. */
class BriefSpikeScenarioIT {

  @Test
  void aBriefSpikeAt40IsYellowAndTheRampCarriesOn() {
    Outcome run = run("brief-spike-at-40", "brief-spike@40", UP_TO_RAMP);
    Ledger ledger = run.ledger();

    assertThat(ledger.gates()).as("records of the ramp")
        .anySatisfy(g -> {
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
