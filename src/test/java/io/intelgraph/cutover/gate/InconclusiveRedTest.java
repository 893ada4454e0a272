package io.intelgraph.cutover.gate;

import static io.intelgraph.cutover.gate.VerdictRulesTest.RULES;
import static io.intelgraph.cutover.gate.VerdictRulesTest.T0;
import static io.intelgraph.cutover.gate.VerdictRulesTest.evaluation;
import static io.intelgraph.cutover.gate.VerdictRulesTest.failing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which REDs a person may decide ({@link VerdictRules#inconclusiveRed}) and the verdict once asked
 * ({@link VerdictRules#decided}): only a RED that no BREACH made, GO continues, ROLLBACK and
 * silence stay RED.
 */
class InconclusiveRedTest {

  static final Duration TIMEOUT = Duration.ofMinutes(10);
  static final HumanDecision GO =
      new HumanDecision(
          HumanDecision.Choice.GO,
          "alice",
          "platform-lead",
          Instant.parse("2026-11-27T15:31:00Z"),
          "JWS");

  static GateVerdict judge(List<GateEvaluation> history) {
    return VerdictRules.decide(history, RULES, history.get(history.size() - 1).evaluatedAt());
  }

  @ParameterizedTest(name = "{0} twice is RED only because it stayed inconclusive")
  @EnumSource(
      value = Outcome.class,
      names = {"NO_DATA", "STALE", "LOW_SAMPLE", "ERROR"})
  void twoInconclusiveFailuresAreADecidableRed(Outcome outcome) {
    List<GateEvaluation> history = failing(outcome, 2, true);
    GateVerdict red = judge(history);

    assertThat(red.verdict()).as(red.describe()).isEqualTo(Verdict.RED);
    assertThat(VerdictRules.inconclusiveRed(red, history)).as(red.describe()).isTrue();
  }

  @Test
  void aBreachNeverWaitsForAPerson() {
    List<GateEvaluation> criticalBreach = failing(Outcome.BREACH, 1, true);
    List<GateEvaluation> twoBreaches = failing(Outcome.BREACH, 2, false);
    List<GateEvaluation> breachThenError = new ArrayList<>(failing(Outcome.BREACH, 1, false));
    breachThenError.add(evaluation("api_p95", Outcome.ERROR, T0.plusSeconds(1800), false));
    List<GateEvaluation> errorThenBreach = new ArrayList<>(failing(Outcome.ERROR, 1, false));
    errorThenBreach.add(evaluation("api_p95", Outcome.BREACH, T0.plusSeconds(1800), false));

    for (List<GateEvaluation> history :
        List.of(criticalBreach, twoBreaches, breachThenError, errorThenBreach)) {
      GateVerdict red = judge(history);
      assertThat(red.verdict()).as(red.describe()).isEqualTo(Verdict.RED);
      assertThat(VerdictRules.inconclusiveRed(red, history))
          .as("a streak with a BREACH in it: %s", red.describe())
          .isFalse();
    }
  }

  @Test
  void aPassOrAYellowIsNothingToDecide() {
    List<GateEvaluation> yellow = failing(Outcome.LOW_SAMPLE, 1, false);
    List<GateEvaluation> green = failing(Outcome.PASS, 1, false);

    assertThat(VerdictRules.inconclusiveRed(judge(yellow), yellow)).isFalse();
    assertThat(VerdictRules.inconclusiveRed(judge(green), green)).isFalse();
  }

  @Test
  void aFailureBeforeTheLastPassDoesNotCount() {
    List<GateEvaluation> history = new ArrayList<>(failing(Outcome.BREACH, 1, false));
    history.add(evaluation("api_p95", Outcome.PASS, T0.plusSeconds(1800), false));
    history.add(evaluation("api_p95", Outcome.ERROR, T0.plusSeconds(2700), false));
    history.add(evaluation("api_p95", Outcome.LOW_SAMPLE, T0.plusSeconds(3600), false));

    GateVerdict red = judge(history);

    assertThat(VerdictRules.inconclusiveRed(red, history)).as(red.describe()).isTrue();
  }

  @Test
  void goContinuesAsDecidedGoNamingWhoAndWhen() {
    GateVerdict red = judge(failing(Outcome.LOW_SAMPLE, 2, false));

    GateVerdict decided = VerdictRules.decided(red, Optional.of(GO), TIMEOUT);

    assertThat(decided.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(decided.reason())
        .isEqualTo(
            "inconclusive (LOW_SAMPLE), second consecutive failure; decided GO by alice"
                + " (platform-lead) at 2026-11-27T15:31:00Z: continue");
    assertThat(decided.streak()).as("the streak stands: the next check counts it").isEqualTo(2);
    assertThat(decided.latest()).isEqualTo(red.latest());
  }

  @Test
  void rollbackIsRedAsDecided() {
    GateVerdict red = judge(failing(Outcome.ERROR, 2, false));
    HumanDecision rollback =
        new HumanDecision(
            HumanDecision.Choice.ROLLBACK, "bob", "platform-lead", GO.signedAt(), "JWS");

    GateVerdict decided = VerdictRules.decided(red, Optional.of(rollback), TIMEOUT);

    assertThat(decided.verdict()).isEqualTo(Verdict.RED);
    assertThat(decided.reason())
        .isEqualTo(
            "inconclusive (ERROR), second consecutive failure; decided ROLLBACK by bob"
                + " (platform-lead) at 2026-11-27T15:31:00Z: RED");
  }

  @Test
  void nobodyDecidingInTimeIsRedSayingSo() {
    GateVerdict red = judge(failing(Outcome.NO_DATA, 3, false));

    GateVerdict decided = VerdictRules.decided(red, Optional.empty(), TIMEOUT);

    assertThat(decided.verdict()).isEqualTo(Verdict.RED);
    assertThat(decided.reason())
        .isEqualTo(
            "inconclusive (NO_DATA), 3 consecutive failures; nobody decided within the 10m"
                + " decision timeout: RED");
  }

  @Test
  void onlyARedIsDecided() {
    GateVerdict yellow = judge(failing(Outcome.ERROR, 1, false));

    assertThatThrownBy(() -> VerdictRules.decided(yellow, Optional.of(GO), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a RED verdict is decided by a person; api_p95 is YELLOW");
  }
}
