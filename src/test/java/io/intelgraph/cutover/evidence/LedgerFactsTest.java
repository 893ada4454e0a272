package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.evidence.SummaryInput.PhaseStatus;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.PhaseResult.Lines;
import io.intelgraph.cutover.ledger.PhaseResult.Status;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.ledger.Verification;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LedgerFactsTest {

  private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");

  @Test
  void theSummaryRecordsHowSoonStableWasProvenHealthyOrWhatIsStillWrong() {
    RollbackRecord claimed =
        RollbackRecord.executing(
            "error_ratio_5xx RED",
            "RampTest#at60",
            RollbackLease.grant("runner-1", T0, java.time.Duration.ofMinutes(1)),
            false,
            T0);
    Verification held =
        new Verification(true, List.of("canary weight 0 on ingress: ok"), T0.plusSeconds(1));
    RollbackRecord healthy =
        claimed.finished(
            held,
            Optional.of(
                StableRecovery.healthy(
                    T0.plusSeconds(1),
                    T0.plusSeconds(10),
                    java.time.Duration.ofMinutes(5),
                    List.of("golden against stable passed"))),
            T0.plusSeconds(10));
    RollbackRecord unhealthy =
        claimed.finished(
            held,
            Optional.of(
                StableRecovery.unhealthy(
                    T0.plusSeconds(1),
                    T0.plusSeconds(301),
                    java.time.Duration.ofMinutes(5),
                    List.of(),
                    List.of("error_ratio_5xx[stable] YELLOW BREACH: 21.6 % > 1 %"))),
            T0.plusSeconds(301));

    JsonNode done = rollbackEvent(healthy);
    JsonNode stillBroken = rollbackEvent(unhealthy);

    assertThat(done.path("stable").path("healthy").asBoolean()).isTrue();
    assertThat(done.path("stable").path("seconds_after_switch").asLong()).isEqualTo(9);
    assertThat(done.path("result").asString())
        .startsWith("DONE: rollback DONE")
        .contains("stable healthy after 9 s");
    assertThat(stillBroken.path("stable").path("healthy").asBoolean()).isFalse();
    assertThat(stillBroken.path("stable").path("still_wrong").get(0).asString())
        .isEqualTo("error_ratio_5xx[stable] YELLOW BREACH: 21.6 % > 1 %");
    assertThat(stillBroken.path("result").asString()).startsWith("DONE_UNHEALTHY: ");
  }

  private static JsonNode rollbackEvent(RollbackRecord rollback) {
    Ledger ledger = Ledger.start("v1.0.0-GA", T0, 1).withRollback(rollback);
    CutoverSummary summary =
        SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, T0.plusSeconds(400)));
    return JsonMappers.SNAKE_CASE.readTree(summary.toJson()).path("rollback_events").get(0);
  }

  @Test
  void theSummaryCarriesEveryPhaseStatusWithItsCountedLinesAndTheLedgersAttemptNumber() {
    Ledger ledger =
        Ledger.start("v1.0.0-GA", T0, 3)
            .withPhase(
                new PhaseResult(
                    "baseline",
                    "T30BaselineTest",
                    Status.PASSED,
                    T0,
                    T0.plusSeconds(1),
                    new Lines(4, 0, 0, List.of()),
                    "4 lines"))
            .withPhase(
                new PhaseResult(
                    "preflight",
                    "T15PreflightTest",
                    Status.PASSED_WITH_SKIPS,
                    T0.plusSeconds(2),
                    T0.plusSeconds(3),
                    new Lines(5, 0, 1, List.of("'OPA decision' aborted: not configured")),
                    "6 lines"))
            .withPhase(
                new PhaseResult(
                    "canary",
                    "T0CanaryTest",
                    Status.BROKEN,
                    T0.plusSeconds(4),
                    T0.plusSeconds(5),
                    "set-up failed"))
            .withPhase(
                new PhaseResult(
                    "closeout",
                    "CloseoutTest",
                    Status.SKIPPED,
                    T0.plusSeconds(6),
                    T0.plusSeconds(7),
                    new Lines(0, 0, 1, List.of("'sign-off' disabled: people sign")),
                    "1 line"))
            .withPhase(
                new PhaseResult(
                    "ramp",
                    "RampTest",
                    Status.REFUSED,
                    T0.plusSeconds(8),
                    T0.plusSeconds(8),
                    "refused: ..."));

    CutoverSummary summary =
        SummaryCalculator.calculate(LedgerFacts.summaryInput(ledger, T0.plusSeconds(60)));

    assertThat(summary.attempt()).isEqualTo(3);
    assertThat(summary.phases())
        .extracting(CutoverSummary.PhaseLine::name, CutoverSummary.PhaseLine::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("baseline", PhaseStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple("preflight", PhaseStatus.PASSED_WITH_SKIPS),
            org.assertj.core.groups.Tuple.tuple("canary", PhaseStatus.BROKEN),
            org.assertj.core.groups.Tuple.tuple("closeout", PhaseStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("ramp", PhaseStatus.REFUSED));
    JsonNode preflight = JsonMappers.SNAKE_CASE.readTree(summary.toJson()).get("phases").get(1);
    assertThat(preflight.get("lines_passed").asInt()).isEqualTo(5);
    assertThat(preflight.get("lines_skipped").asInt()).isEqualTo(1);
    assertThat(preflight.get("skip_reasons").get(0).asString())
        .isEqualTo("'OPA decision' aborted: not configured");
  }

  @Test
  void theChartRunsThroughTheRollbackAsAStepBackToZero() {
    Instant rolledBack = T0.plusSeconds(120);
    Ledger ledger =
        Ledger.start("v1.0.0-GA", T0)
            .withTraffic(new TrafficStep(20, "canary", T0))
            .withTraffic(new TrafficStep(60, "ramp", T0.plusSeconds(60)))
            .withRollback(
                RollbackRecord.executing(
                    "error_ratio_5xx RED",
                    "RampTest#at60",
                    RollbackLease.grant("runner-1", rolledBack, java.time.Duration.ofMinutes(1)),
                    false,
                    rolledBack));

    assertThat(LedgerFacts.ramp(ledger))
        .containsExactly(
            new RampMark(T0, 20),
            new RampMark(T0.plusSeconds(60), 60),
            new RampMark(rolledBack, 0));
  }

  @Test
  void aDryRunRollbackMovedNoTrafficAndDrawsNoStep() {
    Ledger ledger =
        Ledger.start("v1.0.0-GA", T0)
            .withTraffic(new TrafficStep(20, "canary", T0))
            .withRollback(
                RollbackRecord.executing(
                    "api_p95 RED",
                    "GateCheckTest#t15",
                    RollbackLease.grant(
                        "runner-1", T0.plusSeconds(30), java.time.Duration.ofMinutes(1)),
                    true,
                    T0.plusSeconds(30)));

    assertThat(LedgerFacts.ramp(ledger)).containsExactly(new RampMark(T0, 20));
  }
}
