package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The healthy run of show with each phase its own execution, resumed from the ledger (what CI does
 * with one job per phase), held to what {@link HealthyCutoverIT}'s single run must show; then a
 * gate phase with Prometheus down, resumed from that healthy ramp.
 *
 * <p>Both run on one sandbox, as CI's jobs find production running: each execution resumes on it
 * where the previous left it.
 */
class SeparatePhasesIT {

  private static Outcome separatePhases;
  private static SharedSandbox shared;

  @BeforeAll
  static void shareOneSandbox() {
    shared = SharedSandbox.open();
  }

  @AfterAll
  static void stopSharedSandbox() {
    shared.close();
  }

  @Test
  void phasesAsSeparateExecutionsGiveTheVerdictsOfOneRun() {
    assertHealthyCutover(separatePhases());
    assertThat(separatePhases().executions())
        .as("one execution per phase")
        .hasSize(RUN_OF_SHOW.size());
  }

  /**
   * The phases up to the ramp ran healthy (the separate-phases run's ledger as it stood after its
   * ramp), then a gate phase with Prometheus down: every gate is ERROR, never GREEN; an error is no
   * evidence of harm, even on the critical auth gate, so the first check is YELLOW and the second
   * consecutive one RED.
   */
  @Test
  void prometheusDownDuringTheGatePhaseIsRedForLackOfDataNeverGreen() throws IOException {
    String scenario = "prometheus-down-at-gate";
    reset(scenario);
    Files.copy(afterRamp(separatePhases()), ledgerPath(scenario));
    assertThat(statuses(ledger(scenario)))
        .as("the healthy ledger it resumes")
        .containsEntry("ramp", PhaseResult.Status.PASSED);
    Instant start = Instant.now();
    EngineExecutionResults gate =
        execute(scenario, Map.of("sandbox.fault", "prometheus-down"), List.of("GateCheckTest"));
    Ledger ledger = ledger(scenario);
    System.out.printf(
        "[scenario] %s took %d s%n", scenario, Duration.between(start, Instant.now()).toSeconds());

    List<GateRecord> checked =
        ledger.gates().stream().filter(g -> g.phase().equals("gate")).toList();
    // the policy engine gate asks OPA, not Prometheus: it still judges, and passes, while
    // Prometheus is silent
    assertThat(checked)
        .filteredOn(g -> g.gate().equals(io.intelgraph.cutover.preflight.PolicyEngineGate.NAME))
        .isNotEmpty()
        .allSatisfy(
            g -> assertThat(g.outcome()).isEqualTo(io.intelgraph.cutover.gate.Outcome.PASS));
    List<GateRecord> gateRecords =
        checked.stream()
            .filter(g -> !g.gate().equals(io.intelgraph.cutover.preflight.PolicyEngineGate.NAME))
            .toList();
    assertThat(gateRecords)
        .as("gate checks without Prometheus")
        .isNotEmpty()
        .allSatisfy(
            g -> {
              assertThat(g.outcome()).isEqualTo(io.intelgraph.cutover.gate.Outcome.ERROR);
              assertThat(g.verdict()).isNotEqualTo(Verdict.GREEN);
              assertThat(g.value()).isEmpty();
            });
    assertThat(gateRecords).anySatisfy(g -> assertThat(g.verdict()).isEqualTo(Verdict.RED));
    RollbackRecord rollback =
        ledger
            .rollback()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no rollback without data; failures "
                            + gate.testEvents().failed().stream()
                                .map(ScenarioRuns::describe)
                                .toList()));
    assertThat(rollback.reason()).contains("gate check #2", "ERROR", "second consecutive failure");
    assertThat(statuses(ledger)).containsEntry("gate", PhaseResult.Status.FAILED);
  }

  // ---- running ---------------------------------------------------------------------------------

  /**
   * One execution per phase, as CI runs them; the ledger after the ramp is kept as {@code
   * after-ramp.json}.
   */
  private static synchronized Outcome separatePhases() {
    if (separatePhases == null) {
      String scenario = "separate-phases";
      Instant start = Instant.now();
      reset(scenario);
      List<EngineExecutionResults> executions = new ArrayList<>();
      for (String phase : RUN_OF_SHOW) {
        if (phase.equals("GateCheckTest")) copy(ledgerPath(scenario), afterRampPath(scenario));
        executions.add(
            execute(
                scenario,
                Map.of("cutover.attempt", executions.isEmpty() ? "new" : ""),
                List.of(phase)));
      }
      separatePhases =
          new Outcome(
              scenario, executions, ledger(scenario), Duration.between(start, Instant.now()));
      System.out.printf("[scenario] %s took %d s%n", scenario, separatePhases.took().toSeconds());
    }
    return separatePhases;
  }

  private static Path afterRamp(Outcome outcome) {
    return afterRampPath(outcome.scenario());
  }

  private static Path afterRampPath(String scenario) {
    return ROOT.resolve(scenario).resolve("after-ramp.json");
  }
}
