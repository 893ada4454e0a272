package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy engine fails once the ramp reaches 40 % (runbook RED: "Security/policy regression: OPA
 * failure"): nothing about it reaches the API's 5xx or 401 ratios, yet the 40 % step's check is RED
 * at its first evaluation of {@code policy_engine} (critical BREACH), and the rollback runs once.
 */
class OpaDownScenarioIT {

  @Test
  void opaDownAt40IsRedAtTheFirstCheckOfThatStepAndRollsBack() {
    ScenarioRuns.Outcome run = run("opa-down-at-40", "opa-down@40", RUN_OF_SHOW);
    Ledger ledger = run.ledger();

    Instant at40 =
        ledger.traffic().stream()
            .filter(s -> s.canaryPercent() == 40)
            .map(TrafficStep::at)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the ramp never reached 40 %: "
                            + ledger.traffic()
                            + "; failures "
                            + run.failures()));
    List<GateRecord> policy =
        ledger.gates().stream().filter(g -> g.gate().equals(PolicyEngineGate.NAME)).toList();
    assertThat(policy)
        .as(
            "policy engine records: one per ramp check, the first at 40 %%; failures %s",
            run.failures())
        .isNotEmpty();
    GateRecord red = policy.get(0);
    assertThat(red.verdict()).as("the 40 %% step's first check: %s", red).isEqualTo(Verdict.RED);
    assertThat(red.phase()).isEqualTo("ramp");
    assertThat(red.at()).isAfter(at40);
    assertThat(red.outcome()).isEqualTo(Outcome.BREACH);
    assertThat(red.streak()).as("critical: RED at its first failure").isEqualTo(1);
    assertThat(red.threshold()).isEqualTo("<= 5 %");
    assertThat(red.rawAnswer())
        .as("what OPA answered, kept in the ledger")
        .contains(
            "0 of 20 decisions answered 200 with a result", "HTTP 503", "sandbox fault opa-down");
    assertThat(ledger.gates())
        .filteredOn(
            g -> g.at().equals(red.at()) && g.gate().matches("error_ratio_5xx|auth_error_ratio"))
        .as("the outage shows in no API error ratio")
        .allSatisfy(g -> assertThat(g.outcome()).isEqualTo(Outcome.PASS));
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).doesNotContain(60, 80, 100);

    RollbackRecord rollback =
        ledger
            .rollback()
            .orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
    assertThat(rollback.state()).as(rollback.summary()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(rollback.reason())
        .contains(
            "ramp check",
            PolicyEngineGate.NAME,
            "critical",
            "failed 20 of 20 decisions",
            "HTTP 503");
    assertThat(rollback.actions())
        .as("rollback actions")
        .anySatisfy(action -> assertThat(action.status()).isEqualTo(ActionResult.Status.DONE));
    assertThat(run.failures())
        .as("checks that failed with the rollback")
        .filteredOn(f -> f.contains("RED:"))
        .hasSize(1);
    assertThat(statuses(ledger))
        .containsEntry("ramp", PhaseResult.Status.FAILED)
        .containsEntry("gate", PhaseResult.Status.REFUSED);
  }
}
