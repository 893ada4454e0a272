package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.evidence.SummaryInput.GateEvaluation;
import io.intelgraph.cutover.evidence.SummaryInput.Phase;
import io.intelgraph.cutover.evidence.SummaryInput.PhaseStatus;
import io.intelgraph.cutover.evidence.SummaryInput.Rollback;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SummaryCalculatorTest {

  static final Instant T0 = Instant.parse("2025-09-21T15:00:00Z");

  static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  static Phase phase(String name, PhaseStatus status, int minute) {
    return new Phase(name, status, at(minute), Optional.of(at(minute + 5)));
  }

  static GateEvaluation eval(String gate, int minute, Outcome outcome, Verdict verdict) {
    return new GateEvaluation(gate, at(minute), outcome, verdict);
  }

  @Test
  void aCleanRunHasNoRollbackAndCountsWhatWasEvaluated() {
    SummaryInput input =
        new SummaryInput(
            "v1.0.0-GA",
            1,
            T0,
            at(137),
            List.of(
                phase("baseline", PhaseStatus.PASSED, 0),
                phase("canary", PhaseStatus.PASSED, 30),
                phase("gate", PhaseStatus.PASSED, 45)),
            List.of(
                eval("api_p95", 45, Outcome.PASS, Verdict.GREEN),
                eval("error_ratio_5xx", 45, Outcome.PASS, Verdict.GREEN),
                eval("api_p95", 60, Outcome.PASS, Verdict.GREEN),
                eval("error_ratio_5xx", 60, Outcome.PASS, Verdict.GREEN)),
            List.of());

    CutoverSummary summary = SummaryCalculator.calculate(input);

    assertThat(summary.rollbacks()).isZero();
    assertThat(summary.rollbackEvents()).isEmpty();
    assertThat(summary.cutoverDurationMinutes()).isEqualTo(137);
    assertThat(summary.gatesEvaluated()).isEqualTo(4);
    assertThat(summary.gatesPassed()).isEqualTo(4);
    assertThat(summary.gatesFailed()).isZero();
    assertThat(summary.worstVerdict()).isEqualTo(Verdict.GREEN);
    assertThat(summary.phases())
        .extracting(CutoverSummary.PhaseLine::name)
        .containsExactly("baseline", "canary", "gate");
  }

  @Test
  void aRunWithARollbackSaysOneRollbackWithItsReason() {
    Rollback rollback =
        new Rollback(
            at(76),
            "api_p95 RED: 2 consecutive breaches (412 ms, 437 ms > 350 ms)",
            "completed: traffic 100 % stable");
    SummaryInput input =
        new SummaryInput(
            "v1.0.0-GA",
            2,
            T0,
            at(90),
            List.of(
                phase("ramp", PhaseStatus.PASSED, 40),
                phase("gate", PhaseStatus.FAILED, 60),
                phase("evidence", PhaseStatus.REFUSED, 80)),
            List.of(
                eval("api_p95", 60, Outcome.BREACH, Verdict.YELLOW),
                eval("api_p95", 75, Outcome.BREACH, Verdict.RED),
                eval("kafka_lag", 60, Outcome.NO_DATA, Verdict.YELLOW),
                eval("kafka_lag", 75, Outcome.PASS, Verdict.GREEN)),
            List.of(rollback));

    CutoverSummary summary = SummaryCalculator.calculate(input);

    assertThat(summary.rollbacks()).isEqualTo(1);
    assertThat(summary.rollbackEvents()).containsExactly(rollback);
    assertThat(summary.worstVerdict()).isEqualTo(Verdict.RED);
    assertThat(summary.gatesEvaluated()).isEqualTo(4);
    assertThat(summary.gatesPassed()).isEqualTo(1);
    assertThat(summary.gatesFailed()).isEqualTo(3);
    assertThat(summary.gates())
        .containsExactly(
            new CutoverSummary.GateLine("api_p95", 2, 0, 2, Verdict.RED, Verdict.RED),
            new CutoverSummary.GateLine("kafka_lag", 2, 1, 1, Verdict.YELLOW, Verdict.GREEN));

    JsonNode json = JsonMappers.SNAKE_CASE.readTree(summary.toJson());
    assertThat(json.path("rollbacks").asInt()).isEqualTo(1);
    assertThat(json.path("rollback_events").get(0).path("reason").asString())
        .isEqualTo(rollback.reason());
    assertThat(json.path("rollback_events").get(0).path("at").asString())
        .isEqualTo("2025-09-21T16:16:00Z");
    assertThat(json.path("cutover_duration_minutes").asInt()).isEqualTo(90);
    assertThat(json.path("gates_passed").asInt()).isEqualTo(1);
    assertThat(json.path("worst_verdict").asString()).isEqualTo("RED");
    assertThat(json.path("phases").get(2).path("status").asString()).isEqualTo("REFUSED");
  }

  @Test
  void noDataCountsAsFailedNeverAsPassed() {
    SummaryInput input =
        new SummaryInput(
            "v1",
            1,
            T0,
            at(15),
            List.of(),
            List.of(
                eval("dlq_ratio", 15, Outcome.NO_DATA, Verdict.YELLOW),
                eval("api_p99", 15, Outcome.LOW_SAMPLE, Verdict.YELLOW)),
            List.of());

    CutoverSummary summary = SummaryCalculator.calculate(input);

    assertThat(summary.gatesPassed()).isZero();
    assertThat(summary.gatesFailed()).isEqualTo(2);
  }

  @Test
  void anAttemptWithoutAnyGateEvaluationIsNotGreen() {
    CutoverSummary summary =
        SummaryCalculator.calculate(
            new SummaryInput("v1", 1, T0, at(5), List.of(), List.of(), List.of()));

    assertThat(summary.worstVerdict()).isEqualTo(Verdict.RED);
    assertThat(summary.gatesEvaluated()).isZero();
  }

  @Test
  void inputsAreCheckedWithMessagesThatSayTheFix() {
    assertThatThrownBy(
            () -> new SummaryInput("v1", 1, at(10), at(5), List.of(), List.of(), List.of()))
        .hasMessage(
            "the attempt finished at 2025-09-21T15:05:00Z, before it started at 2025-09-21T15:10:00Z; check the ledger's clock");
    assertThatThrownBy(() -> new Rollback(at(1), " ", "done"))
        .hasMessage(
            "a rollback at 2025-09-21T15:01:00Z needs its reason, e.g. 'api_p95 RED: 2 consecutive breaches'");
  }

  @Test
  void aShadowGateHasItsOwnLineOutsideTheTotalsAndTheWorstVerdict() {
    SummaryInput input =
        new SummaryInput(
            "v1.0.0-GA",
            1,
            T0,
            at(60),
            List.of(phase("gate", PhaseStatus.PASSED, 45)),
            List.of(
                eval("api_p95", 45, Outcome.PASS, Verdict.GREEN),
                new GateEvaluation("api_p95_tight", at(45), Outcome.BREACH, Verdict.RED, true),
                eval("api_p95", 50, Outcome.PASS, Verdict.GREEN),
                new GateEvaluation("api_p95_tight", at(50), Outcome.BREACH, Verdict.RED, true)),
            List.of());

    CutoverSummary summary = SummaryCalculator.calculate(input);

    assertThat(summary.worstVerdict())
        .as("the release's, never the shadow gate's")
        .isEqualTo(Verdict.GREEN);
    assertThat(summary.gatesEvaluated()).isEqualTo(2);
    assertThat(summary.gatesPassed()).isEqualTo(2);
    assertThat(summary.gatesFailed()).isZero();
    assertThat(summary.gates())
        .containsExactly(
            new CutoverSummary.GateLine("api_p95", 2, 2, 0, Verdict.GREEN, Verdict.GREEN),
            new CutoverSummary.GateLine("api_p95_tight", 2, 0, 2, Verdict.RED, Verdict.RED, true));
    assertThat(summary.toJson())
        .containsPattern("\"gate\" : \"api_p95_tight\"[^}]*\"shadow\" : true");
  }
}
