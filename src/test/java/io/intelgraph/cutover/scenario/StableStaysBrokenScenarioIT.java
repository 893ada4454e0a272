package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.testing.StubServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Both tracks answer 5xx from the 60 % step on ({@code api-5xx@60}): RED, the rollback moves the
 * traffic back, but stable fails as well. The rollback must end DONE_UNHEALTHY, loudly: the RED
 * check says so, the rollback webhook is paged a second time with what is still wrong, and every
 * later phase is refused with it.
 *
 * <p>The recovery proof waits {@value #RECOVERY_TIMEOUT} here instead of the sandbox's 30 s: a
 * stable that answers 5xx to every request never turns healthy, so the proof's end does not depend
 * on how long it waits, only on its last judgement, whose window is the cadence's full 8 s rate
 * window either way (the window since the switch is capped there, and 10 s exceeds it).
 */
class StableStaysBrokenScenarioIT {

  static final String RECOVERY_TIMEOUT = "10s";

  @Test
  void aRollbackOntoAStableThatStillFailsEndsDoneUnhealthyPagesAndRefusesLaterPhases()
      throws IOException {
    try (StubServer webhook =
            StubServer.start().route("/rollback", request -> StubServer.Response.of(204));
        SharedSandbox shared = SharedSandbox.open()) {
      Map<String, String> paging =
          Map.of(
              "cutover.rollback.webhook",
              webhook.uri("/rollback").toString(),
              "cutover.rollback.recovery_timeout",
              RECOVERY_TIMEOUT);
      Outcome run = run("api-5xx-at-60", "api-5xx@60", RUN_OF_SHOW, paging);
      Ledger ledger = run.ledger();

      assertThat(ledger.traffic())
          .extracting(TrafficStep::canaryPercent)
          .as("the ramp reached 60 %% and stopped; failures %s", run.failures())
          .contains(60)
          .doesNotContain(80, 100);
      RollbackRecord rollback =
          ledger
              .rollback()
              .orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
      assertThat(rollback.state())
          .as(rollback.summary())
          .isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
      StableRecovery stable =
          rollback
              .recovery()
              .orElseThrow(() -> new AssertionError("no recovery recorded: " + rollback.summary()));
      assertThat(stable.healthy()).isFalse();
      assertThat(stable.describe())
          .as("the proof waited the scenario's timeout and judged a full rate window")
          .contains("rollback.recovery_timeout " + RECOVERY_TIMEOUT.replace("s", " s"));
      assertThat(String.join("\n", stable.stillWrong()))
          .as("what is still wrong")
          .contains("error_ratio_5xx[stable]", "BREACH", "> 1 %", "(window 8s since the switch)");
      assertThat(stable.paged())
          .hasValueSatisfying(p -> assertThat(p).isEqualTo("rollback webhook HTTP 204"));
      System.out.printf("[scenario] api-5xx-at-60: %s%n", stable.describe());

      assertThat(run.failures())
          .as("the RED check says the rollback did not bring stable back")
          .anySatisfy(
              f ->
                  assertThat(f)
                      .contains(
                          "RED:",
                          "STABLE STILL UNHEALTHY",
                          "still wrong: error_ratio_5xx[stable]"));
      List<String> pages = webhook.requests().stream().map(StubServer.Request::body).toList();
      assertThat(pages)
          .as("the rollback webhook: the rollback, then the page that stable is still unhealthy")
          .hasSize(2);
      assertThat(pages.get(0)).contains("\"event\":\"rollback\"");
      assertThat(pages.get(1))
          .contains(
              "\"event\":\"rollback_unhealthy\"",
              "\"state\":\"DONE_UNHEALTHY\"",
              "error_ratio_5xx[stable]");

      assertThat(statuses(ledger))
          .containsEntry("ramp", PhaseResult.Status.FAILED)
          .containsEntry("gate", PhaseResult.Status.REFUSED);
      assertThat(refusals(run.executions().get(0)))
          .as("the gate phase after the unhealthy rollback fails with what is still wrong")
          .anySatisfy(
              refusal ->
                  assertThat(refusal)
                      .contains(
                          "rollback DONE_UNHEALTHY",
                          "stable still UNHEALTHY",
                          "error_ratio_5xx[stable]",
                          "stable was not proven healthy"));

      // the next CI job, -Dgroups=gate: refused with the same reason, and the refusal fails the run
      EngineExecutionResults gate = execute(run.scenario(), paging, List.of("GateCheckTest"));
      assertThat(refusals(gate))
          .singleElement()
          .asString()
          .contains("DONE_UNHEALTHY", "error_ratio_5xx[stable]");
      gate.testEvents().assertStatistics(stats -> stats.started(0));
    }
  }
}
