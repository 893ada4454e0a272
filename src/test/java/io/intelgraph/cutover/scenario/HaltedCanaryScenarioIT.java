package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.HaltPolicy;
import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The subscription golden fails at T-0 ({@code subscription-drop}): the canary phase fails with the
 * canary at 20 %. By default ({@code rollback.on_halt: rollback}) the run rolls it back to 0 % with
 * the halt as the reason; with {@code on_halt: hold} it keeps its 20 % and the next scheduled gate
 * job watches it on the canary scope instead of refusing.
 */
class HaltedCanaryScenarioIT {

  @Test
  void aCanaryWhoseGoldenFailsIsRolledBackToZeroWithTheHaltAsTheReason() {
    try (SharedSandbox shared = SharedSandbox.open()) {
      Outcome run = run("halted-canary-rollback", "subscription-drop", RUN_OF_SHOW);
      Ledger ledger = run.ledger();

      assertThat(statuses(ledger))
          .containsEntry("canary", PhaseResult.Status.FAILED)
          .containsEntry("ramp", PhaseResult.Status.REFUSED)
          .containsEntry("gate", PhaseResult.Status.REFUSED);
      assertThat(run.failures())
          .as("the run ends non-zero: the subscription golden fails")
          .anySatisfy(failure -> assertThat(failure).contains("Subscription"));
      RollbackRecord rollback =
          ledger
              .rollback()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no rollback of the halted canary; failures " + run.failures()));
      assertThat(rollback.reason())
          .as(rollback.summary())
          .startsWith("halted: the canary phase ended FAILED at ")
          .contains("leaving the canary at 20 % short of the locked 100 %");
      assertThat(rollback.triggeredBy())
          .isEqualTo("halt policy (rollback.on_halt: rollback) after phase canary");
      assertThat(rollback.actions())
          .as("rollback actions")
          .anySatisfy(
              action -> {
                assertThat(action.status()).isEqualTo(ActionResult.Status.DONE);
                assertThat(action.detail()).containsPattern("now \\{[^}]*intelgraph-api-canary=0");
              });
      assertThat(ledger.halt())
          .get()
          .satisfies(
              halt -> {
                assertThat(halt.policy()).isEqualTo(HaltPolicy.ROLLBACK);
                assertThat(halt.canaryPercent()).isEqualTo(20);
              });
    }
  }

  @Test
  void aHeldCanaryKeepsItsWeightAndTheNextScheduledGateJobWatchesIt() {
    try (SharedSandbox shared = SharedSandbox.open()) {
      Map<String, String> hold = Map.of("cutover.rollback.on_halt", "hold");
      Outcome run = run("halted-canary-hold", "subscription-drop", UP_TO_CANARY, hold);

      assertThat(statuses(run.ledger())).containsEntry("canary", PhaseResult.Status.FAILED);
      assertThat(run.ledger().rollback()).as("held, not rolled back").isEmpty();
      assertThat(run.ledger().heldCanary())
          .get()
          .satisfies(h -> assertThat(h.summary()).startsWith("canary HELD at 20 % since "));

      // the scheduled gate job, -Dgroups=gate (one check per run): not refused, it checks the
      // canary at 20 %
      Map<String, String> scheduled = new java.util.HashMap<>(hold);
      scheduled.put("cutover.cadence.watch", "false");
      EngineExecutionResults gate = execute(run.scenario(), scheduled, List.of("GateCheckTest"));
      Ledger after = ledger(run.scenario());

      assertThat(refusals(gate)).as("the gate job on a held canary").isEmpty();
      assertThat(after.latestResults("gate"))
          .as("the gate job's outcome is recorded")
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.status())
                      .as(p.summary())
                      .isIn(PhaseResult.Status.PASSED, PhaseResult.Status.FAILED));
      List<GateRecord> checked =
          after.gates().stream().filter(g -> g.phase().equals("gate")).toList();
      assertThat(checked)
          .as("gate records of the held canary's check")
          .isNotEmpty()
          .allSatisfy(g -> assertThat(g.scope()).isEqualTo("canary"));
      assertThat(after.canaryPercent()).as("the hold keeps the canary's weight").isEqualTo(20);
    }
  }
}
