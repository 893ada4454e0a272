package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The canary answers 5xx from the 60 % step on: RED at that step on the second consecutive check,
 * one verified rollback, and the CI jobs after it (the ramp refused, the evidence sealed) resuming
 * on the same running sandbox.
 */
class Canary5xxScenarioIT {

  @Test
  void canary5xxAt60IsRedAtThatStepAndRollsBackOnce() {
    try (SharedSandbox shared = SharedSandbox.open()) {
      rollsBackOnceAndTheNextJobsResume(run("canary-5xx-at-60", "canary-5xx@60", RUN_OF_SHOW));
    }
  }

  private static void rollsBackOnceAndTheNextJobsResume(Outcome run) {
    Ledger ledger = run.ledger();

    Instant at60 =
        ledger.traffic().stream()
            .filter(s -> s.canaryPercent() == 60)
            .map(TrafficStep::at)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the ramp never reached 60 %: "
                            + ledger.traffic()
                            + "; failures "
                            + run.failures()));
    List<GateRecord> red = ledger.gates().stream().filter(g -> g.verdict() == Verdict.RED).toList();
    assertThat(red)
        .as("RED records")
        .isNotEmpty()
        .allSatisfy(
            g -> {
              assertThat(g.phase()).isEqualTo("ramp");
              assertThat(g.at()).isAfter(at60);
              assertThat(g.streak()).isEqualTo(2);
            });
    assertThat(red).extracting(GateRecord::gate).contains("error_ratio_5xx");
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).doesNotContain(80, 100);

    RollbackRecord rollback =
        ledger
            .rollback()
            .orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
    assertThat(rollback.state()).as(rollback.summary()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(rollback.reason())
        .contains(
            "ramp check", "error_ratio_5xx", "second consecutive failure", "threshold <= 1 %");
    assertThat(rollback.actions())
        .as("rollback actions")
        .anySatisfy(
            action -> {
              assertThat(action.status()).isEqualTo(ActionResult.Status.DONE);
              assertThat(action.detail()).containsPattern("now \\{[^}]*intelgraph-api=100");
            });
    assertThat(rollback.verification())
        .hasValueSatisfying(v -> assertThat(v.passed()).as(v.checks().toString()).isTrue());
    assertThat(rollback.recovery())
        .as("stable proven healthy after the switch")
        .hasValueSatisfying(
            stable -> {
              assertThat(stable.healthy()).as(stable.describe()).isTrue();
              assertThat(stable.held())
                  .anySatisfy(
                      line -> assertThat(line).startsWith("error_ratio_5xx[stable] GREEN PASS"))
                  .anySatisfy(line -> assertThat(line).startsWith("api_p95[stable] GREEN PASS"))
                  .anySatisfy(line -> assertThat(line).startsWith("golden against stable passed"));
              System.out.printf("[scenario] canary-5xx-at-60: %s%n", stable.describe());
            });
    assertThat(rollback.summary()).containsPattern("stable healthy after \\d+ s");
    assertThat(warRoomMessages(ledger))
        .as("the war room hears the RED, then the rollback's start and its end, each answered 200")
        .containsSubsequence("RED: ", "rollback started: ROLLING BACK", "rollback ended: DONE");
    assertThat(run.failures())
        .as("checks that failed with the rollback")
        .filteredOn(f -> f.contains("RED:"))
        .hasSize(1);

    assertThat(statuses(ledger))
        .containsEntry("ramp", PhaseResult.Status.FAILED)
        .containsEntry("gate", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0)))
        .as("phases after the rollback fail, never skip")
        .anySatisfy(
            refusal ->
                assertThat(refusal).contains("refused: release " + RELEASE + " was rolled back"));

    // the next CI job, -Dgroups=ramp: refused, and the refusal fails the run
    EngineExecutionResults ramp = execute(run.scenario(), Map.of(), List.of("RampTest"));
    assertThat(refusals(ramp))
        .singleElement()
        .asString()
        .contains("rolled back", "-Dcutover.attempt=new");
    ramp.testEvents().assertStatistics(stats -> stats.started(0));

    // -Dgroups=evidence: runs after the rollback and seals the bundle of this failed attempt
    EngineExecutionResults evidence =
        execute(run.scenario(), Map.of(), List.of("T120EvidenceTest"));
    Ledger after = ledger(run.scenario());
    assertThat(warRoomMessages(after))
        .as("the refused ramp job is posted too")
        .contains("phase ramp refused: REFUSED");
    assertThat(after.latestResults("evidence"))
        .as("evidence phase of the rolled-back attempt")
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isNotEqualTo(PhaseResult.Status.REFUSED));
    evidence
        .testEvents()
        .assertThatEvents()
        .as("the bundle of the failed attempt is sealed and verifies")
        .haveExactly(1, event(test("evidenceBundle"), finishedSuccessfully()))
        .haveExactly(1, event(test("releaseArtifactsAttached"), finishedSuccessfully()));
    Path bundle = ROOT.resolve(run.scenario()).resolve("cutover-evidence-" + RELEASE + ".zip");
    assertThat(bundle).exists();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
      String sealedLedger =
          new String(
              zip.getInputStream(
                      zip.stream()
                          .filter(
                              e ->
                                  e.getName().startsWith("evidence/evidence/")
                                      && e.getName().contains("ledger"))
                          .findFirst()
                          .orElseThrow(() -> new AssertionError("no ledger in " + bundle)))
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(sealedLedger)
          .as("the sealed ledger is the failed attempt's, with its rollback")
          .contains(after.attemptId(), "\"rollback\"", "DONE");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The war-room messages the ledger recorded as delivered, as "subject: status" ("RED: " for a
   * RED, whose subject names the check).
   */
  private static List<String> warRoomMessages(Ledger ledger) {
    return ledger.events(WarRoomNotifier.EVENT_KIND).stream()
        .filter(LedgerEvent::ok)
        .map(
            e ->
                e.subject().startsWith("RED: ")
                    ? "RED: "
                    : e.subject() + ": " + e.facts().get("headline").replaceAll(".*: ", ""))
        .toList();
  }
}
