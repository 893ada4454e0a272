package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import org.junit.jupiter.api.Test;

/**
 * The canary rejects valid tokens and accepts forged ones from 20 %: a critical line, RED at once,
 * rolled back.
 */
class AuthRegressionScenarioIT {

  @Test
  void anAuthRegressionAt20IsRedAtOnce() {
    Outcome run = run("auth-regression-at-20", "auth-regression@20", UP_TO_RAMP);
    Ledger ledger = run.ledger();

    RollbackRecord rollback =
        ledger
            .rollback()
            .orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
    assertThat(rollback.reason()).contains("critical");
    assertThat(rollback.state()).as(rollback.summary()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(ledger.traffic())
        .extracting(TrafficStep::canaryPercent)
        .as("no ramp step after the RED canary")
        .doesNotContain(40);
    assertThat(statuses(ledger))
        .containsEntry("canary", PhaseResult.Status.FAILED)
        .containsEntry("ramp", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0)))
        .as("the ramp after the RED canary fails, never skips")
        .anySatisfy(
            refusal ->
                assertThat(refusal).contains("refused: release " + RELEASE + " was rolled back"));
  }
}
