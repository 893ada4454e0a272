package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VerdictRulesTest {

  static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  static final VerdictRules.Rules RULES = new VerdictRules.Rules(Duration.ofMinutes(15));

  static GateEvaluation evaluation(String gate, Outcome outcome, Instant at, boolean critical) {
    OptionalDouble value =
        outcome == Outcome.PASS ? OptionalDouble.of(0.2) : OptionalDouble.empty();
    return new GateEvaluation(
        gate,
        Scope.CANARY,
        critical,
        at,
        outcome,
        value,
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        gate + " " + outcome + " at " + at,
        List.of(new Evidence("value", "up", "{}")));
  }

  /**
   * A history: an earlier PASS, then {@code streak} failures with {@code outcome}, 15 minutes
   * apart.
   */
  static List<GateEvaluation> failing(Outcome outcome, int streak, boolean critical) {
    List<GateEvaluation> history = new ArrayList<>();
    history.add(evaluation("api_p95", Outcome.PASS, T0, critical));
    for (int i = 1; i <= streak; i++) {
      history.add(evaluation("api_p95", outcome, T0.plus(Duration.ofMinutes(15L * i)), critical));
    }
    return history;
  }

  /**
   * The whole rule: outcome x critical x streak x age of the streak at judgement (minutes) ->
   * verdict and reason. A critical gate is RED at once only on a BREACH; an inconclusive outcome
   * there (NO_DATA, STALE, LOW_SAMPLE, ERROR) is evidence of nothing and follows the same
   * two-consecutive and 15-minute rules as on any gate. Histories are an earlier PASS, then {@code
   * streak} evaluations with the outcome, 15 minutes apart (a PASS row: a BREACH, then the PASS).
   */
  @ParameterizedTest(name = "{0}, critical={1}, streak {2}, {3} min old -> {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # outcome  | critical | streak | age | verdict | reason
      PASS       | false | 0 | 0  | GREEN  | latest check passed: GREEN
      BREACH     | false | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      BREACH     | false | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      BREACH     | false | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      BREACH     | false | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      BREACH     | false | 2 | 0  | RED    | second consecutive failure: RED
      BREACH     | false | 2 | 20 | RED    | second consecutive failure: RED
      BREACH     | false | 3 | 0  | RED    | 3 consecutive failures: RED
      NO_DATA    | false | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      NO_DATA    | false | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      NO_DATA    | false | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      NO_DATA    | false | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      NO_DATA    | false | 2 | 0  | RED    | second consecutive failure: RED
      NO_DATA    | false | 2 | 20 | RED    | second consecutive failure: RED
      NO_DATA    | false | 3 | 0  | RED    | 3 consecutive failures: RED
      STALE      | false | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      STALE      | false | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      STALE      | false | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      STALE      | false | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      STALE      | false | 2 | 0  | RED    | second consecutive failure: RED
      STALE      | false | 2 | 20 | RED    | second consecutive failure: RED
      STALE      | false | 3 | 0  | RED    | 3 consecutive failures: RED
      LOW_SAMPLE | false | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      LOW_SAMPLE | false | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      LOW_SAMPLE | false | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      LOW_SAMPLE | false | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      LOW_SAMPLE | false | 2 | 0  | RED    | second consecutive failure: RED
      LOW_SAMPLE | false | 2 | 20 | RED    | second consecutive failure: RED
      LOW_SAMPLE | false | 3 | 0  | RED    | 3 consecutive failures: RED
      ERROR      | false | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      ERROR      | false | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      ERROR      | false | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      ERROR      | false | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      ERROR      | false | 2 | 0  | RED    | second consecutive failure: RED
      ERROR      | false | 2 | 20 | RED    | second consecutive failure: RED
      ERROR      | false | 3 | 0  | RED    | 3 consecutive failures: RED
      PASS       | true  | 0 | 0  | GREEN  | latest check passed: GREEN
      BREACH     | true  | 1 | 0  | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 1 | 14 | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 1 | 15 | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 1 | 40 | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 2 | 0  | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 2 | 20 | RED    | critical gate failed (BREACH): RED
      BREACH     | true  | 3 | 0  | RED    | critical gate failed (BREACH): RED
      NO_DATA    | true  | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      NO_DATA    | true  | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      NO_DATA    | true  | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      NO_DATA    | true  | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      NO_DATA    | true  | 2 | 0  | RED    | second consecutive failure: RED
      NO_DATA    | true  | 2 | 20 | RED    | second consecutive failure: RED
      NO_DATA    | true  | 3 | 0  | RED    | 3 consecutive failures: RED
      STALE      | true  | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      STALE      | true  | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      STALE      | true  | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      STALE      | true  | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      STALE      | true  | 2 | 0  | RED    | second consecutive failure: RED
      STALE      | true  | 2 | 20 | RED    | second consecutive failure: RED
      STALE      | true  | 3 | 0  | RED    | 3 consecutive failures: RED
      LOW_SAMPLE | true  | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      LOW_SAMPLE | true  | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      LOW_SAMPLE | true  | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      LOW_SAMPLE | true  | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      LOW_SAMPLE | true  | 2 | 0  | RED    | second consecutive failure: RED
      LOW_SAMPLE | true  | 2 | 20 | RED    | second consecutive failure: RED
      LOW_SAMPLE | true  | 3 | 0  | RED    | 3 consecutive failures: RED
      ERROR      | true  | 1 | 0  | YELLOW | first failure, 0s old (RED on the next failure or after 15m): YELLOW
      ERROR      | true  | 1 | 14 | YELLOW | first failure, 14m old (RED on the next failure or after 15m): YELLOW
      ERROR      | true  | 1 | 15 | RED    | failing for 15m, at least the 15m escalation time: RED
      ERROR      | true  | 1 | 40 | RED    | failing for 40m, at least the 15m escalation time: RED
      ERROR      | true  | 2 | 0  | RED    | second consecutive failure: RED
      ERROR      | true  | 2 | 20 | RED    | second consecutive failure: RED
      ERROR      | true  | 3 | 0  | RED    | 3 consecutive failures: RED
      """)
  void everyOutcomeByCriticalityStreakAndAgeFollowsTheTable(
      Outcome outcome,
      boolean critical,
      int streak,
      long ageMinutes,
      Verdict expected,
      String reason) {
    List<GateEvaluation> history =
        outcome == Outcome.PASS
            ? List.of(
                evaluation("api_p95", Outcome.BREACH, T0, critical),
                evaluation("api_p95", Outcome.PASS, T0.plusSeconds(900), critical))
            : failing(outcome, streak, critical);
    GateEvaluation latest = history.get(history.size() - 1);
    Instant now = latest.evaluatedAt().plus(Duration.ofMinutes(ageMinutes));
    // the escalation age counts from the start of the streak; for a streak of one that is the
    // latest evaluation
    GateVerdict verdict = VerdictRules.decide(history, RULES, now);

    assertThat(verdict.verdict()).as(verdict.reason()).isEqualTo(expected);
    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.streak()).isEqualTo(streak);
    assertThat(verdict.latest()).isSameAs(latest);
    if (outcome == Outcome.PASS) {
      assertThat(verdict.breachSince()).isEmpty();
    } else {
      assertThat(verdict.breachSince()).contains(history.get(1).evaluatedAt());
    }
  }

  @Test
  void aQuietNightOnACriticalGateIsYellowNotARollback() {
    GateVerdict first =
        VerdictRules.decide(
            failing(Outcome.LOW_SAMPLE, 1, true), RULES, T0.plus(Duration.ofMinutes(15)));
    GateVerdict second =
        VerdictRules.decide(
            failing(Outcome.LOW_SAMPLE, 2, true), RULES, T0.plus(Duration.ofMinutes(30)));

    assertThat(first.verdict()).as(first.reason()).isEqualTo(Verdict.YELLOW);
    assertThat(second.verdict()).isEqualTo(Verdict.RED);
    assertThat(second.reason()).isEqualTo("second consecutive failure: RED");
  }

  @ParameterizedTest
  @EnumSource(value = Outcome.class, names = "PASS", mode = EnumSource.Mode.EXCLUDE)
  void noOutcomeButPassIsEverGreen(Outcome outcome) {
    GateVerdict verdict =
        VerdictRules.decide(List.of(evaluation("kafka_lag", outcome, T0, false)), RULES, T0);

    assertThat(verdict.verdict()).isNotEqualTo(Verdict.GREEN);
  }

  @Test
  void aFailureAfterAPassStartsANewStreak() {
    List<GateEvaluation> history =
        List.of(
            evaluation("api_p95", Outcome.BREACH, T0, false),
            evaluation("api_p95", Outcome.PASS, T0.plusSeconds(900), false),
            evaluation("api_p95", Outcome.NO_DATA, T0.plusSeconds(1800), false));

    GateVerdict verdict = VerdictRules.decide(history, RULES, T0.plusSeconds(1800));

    assertThat(verdict.verdict()).isEqualTo(Verdict.YELLOW);
    assertThat(verdict.streak()).isEqualTo(1);
    assertThat(verdict.breachSince()).contains(T0.plusSeconds(1800));
  }

  @Test
  void aStreakEscalatesFromItsFirstFailureNotItsLatest() {
    List<GateEvaluation> history = List.of(evaluation("api_p95", Outcome.STALE, T0, false));

    assertThat(
            VerdictRules.decide(history, RULES, T0.plus(Duration.ofMinutes(14).plusSeconds(59)))
                .verdict())
        .isEqualTo(Verdict.YELLOW);
    assertThat(VerdictRules.decide(history, RULES, T0.plus(Duration.ofMinutes(15))).verdict())
        .isEqualTo(Verdict.RED);
  }

  @Test
  void refusesHistoriesItCannotJudge() {
    assertThatThrownBy(() -> VerdictRules.decide(List.of(), RULES, T0))
        .hasMessage("a verdict needs at least one evaluation; evaluate the gate first");
    assertThatThrownBy(
            () ->
                VerdictRules.decide(
                    List.of(
                        evaluation("api_p95", Outcome.PASS, T0, false),
                        evaluation("api_p99", Outcome.PASS, T0.plusSeconds(1), false)),
                    RULES,
                    T0.plusSeconds(1)))
        .hasMessage("history mixes gates api_p95 and api_p99; pass one gate's history");
    assertThatThrownBy(
            () ->
                VerdictRules.decide(
                    List.of(
                        evaluation("api_p95", Outcome.PASS, T0.plusSeconds(1), false),
                        evaluation("api_p95", Outcome.PASS, T0, false)),
                    RULES,
                    T0.plusSeconds(1)))
        .hasMessage(
            "history of api_p95 is not oldest first: 2026-11-27T15:00:01Z comes before 2026-11-27T15:00:00Z");
    assertThatThrownBy(
            () ->
                VerdictRules.decide(
                    List.of(evaluation("api_p95", Outcome.PASS, T0, false)),
                    RULES,
                    T0.minusSeconds(1)))
        .hasMessage(
            "judgement time 2026-11-27T14:59:59Z is before the latest evaluation of api_p95 at 2026-11-27T15:00:00Z");
  }

  @Test
  void theReleaseIsTheWorstGateAndNamesIt() {
    GateVerdict green =
        VerdictRules.decide(List.of(evaluation("api_p95", Outcome.PASS, T0, false)), RULES, T0);
    GateVerdict yellow =
        VerdictRules.decide(
            List.of(evaluation("kafka_lag", Outcome.NO_DATA, T0, false)), RULES, T0);
    GateVerdict red =
        VerdictRules.decide(
            List.of(evaluation("auth_error_ratio", Outcome.BREACH, T0, true)), RULES, T0);

    assertThat(VerdictRules.release(List.of(green)))
        .extracting(ReleaseVerdict::verdict, ReleaseVerdict::reason)
        .containsExactly(Verdict.GREEN, "GREEN: all 1 gates passed");
    assertThat(VerdictRules.release(List.of(green, yellow)).reason())
        .isEqualTo(
            "YELLOW: kafka_lag (first failure, 0s old (RED on the next failure or after 15m): YELLOW)");
    assertThat(VerdictRules.release(List.of(green, yellow, red)))
        .extracting(ReleaseVerdict::verdict, ReleaseVerdict::reason)
        .containsExactly(Verdict.RED, "RED: auth_error_ratio (critical gate failed (BREACH): RED)");
  }

  @Test
  void theIncrementalTrackerAgreesWithDecideOnRandomHistories() {
    Random random = new Random(42);
    Outcome[] outcomes = Outcome.values();
    for (int run = 0; run < 200; run++) {
      boolean critical = random.nextInt(5) == 0;
      StreakTracker tracker = new StreakTracker(RULES);
      List<GateEvaluation> history = new ArrayList<>();
      Instant at = T0;
      for (int i = 0; i < 30; i++) {
        at = at.plusSeconds(60L * (1 + random.nextInt(20)));
        Outcome outcome =
            random.nextBoolean() ? Outcome.PASS : outcomes[random.nextInt(outcomes.length)];
        GateEvaluation e = evaluation("api_p95", outcome, at, critical);
        history.add(e);
        GateVerdict incremental = tracker.next(e);
        assertThat(incremental)
            .as("run %d step %d", run, i)
            .isEqualTo(VerdictRules.decide(history, RULES, at));
      }
    }
  }
}
