package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class VerdictRulesTest {

  static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  static final VerdictRules.Rules RULES = new VerdictRules.Rules(Duration.ofMinutes(15));

  static GateEvaluation evaluation(String gate, Outcome outcome, Instant at, boolean critical) {
    OptionalDouble value = outcome == Outcome.PASS ? OptionalDouble.of(0.2) : OptionalDouble.empty();
    return new GateEvaluation(gate, Scope.CANARY, critical, at, outcome, value, Threshold.parse("<= 350ms"),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), gate + " " + outcome + " at " + at,
        List.of(new Evidence("value", "up", "{}")));
  }

  /** A history: an earlier PASS, then {@code streak} failures with {@code outcome}, 15 minutes apart. */
  static List<GateEvaluation> failing(Outcome outcome, int streak, boolean critical) {
    List<GateEvaluation> history = new ArrayList<>();
    history.add(evaluation("api_p95", Outcome.PASS, T0, critical));
    for (int i = 1; i <= streak; i++) {
      history.add(evaluation("api_p95", outcome, T0.plus(Duration.ofMinutes(15L * i)), critical));
    }
    return history;
  }

  /** The rule table for a failing latest evaluation; it is the same for every non-PASS outcome. */
  static final String[][] FAILURE_TABLE = {
      // streak, age of the latest failure at judgement (minutes), critical, verdict, reason
      {"1", "0", "false", "YELLOW", "first failure, 0s old (RED on the next failure or after 15m): YELLOW"},
      {"1", "14", "false", "YELLOW", "first failure, 14m old (RED on the next failure or after 15m): YELLOW"},
      {"1", "15", "false", "RED", "failing for 15m, at least the 15m escalation time: RED"},
      {"1", "40", "false", "RED", "failing for 40m, at least the 15m escalation time: RED"},
      {"2", "0", "false", "RED", "second consecutive failure: RED"},
      {"2", "20", "false", "RED", "second consecutive failure: RED"},
      {"3", "0", "false", "RED", "3 consecutive failures: RED"},
      {"1", "0", "true", "RED", "critical gate failed (%s): RED"},
      {"1", "20", "true", "RED", "critical gate failed (%s): RED"},
      {"2", "0", "true", "RED", "critical gate failed (%s): RED"},
  };

  static Stream<Arguments> everyFailingOutcomeByStreakAgeAndCriticality() {
    List<Arguments> rows = new ArrayList<>();
    for (Outcome outcome : EnumSet.complementOf(EnumSet.of(Outcome.PASS))) {
      for (String[] row : FAILURE_TABLE) {
        rows.add(Arguments.of(outcome, Integer.parseInt(row[0]), Long.parseLong(row[1]), Boolean.parseBoolean(row[2]),
            Verdict.valueOf(row[3]), row[4].formatted(outcome)));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}, streak {1}, {2} min old, critical={3} -> {4}")
  @MethodSource("everyFailingOutcomeByStreakAgeAndCriticality")
  void failingGatesFollowTheTable(Outcome outcome, int streak, long ageMinutes, boolean critical, Verdict expected, String reason) {
    List<GateEvaluation> history = failing(outcome, streak, critical);
    GateEvaluation latest = history.get(history.size() - 1);
    Instant now = latest.evaluatedAt().plus(Duration.ofMinutes(ageMinutes));
    // the escalation age counts from the start of the streak; for a streak of one that is the latest evaluation
    GateVerdict verdict = VerdictRules.decide(history, RULES, now);

    assertThat(verdict.verdict()).as(verdict.reason()).isEqualTo(expected);
    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.streak()).isEqualTo(streak);
    assertThat(verdict.breachSince()).contains(history.get(1).evaluatedAt());
    assertThat(verdict.latest()).isSameAs(latest);
  }

  @ParameterizedTest(name = "PASS after {0} failures, critical={1} -> GREEN")
  @CsvSource({"0, false", "1, false", "3, false", "0, true", "2, true"})
  void aPassIsGreenAndResetsTheStreak(int failuresBefore, boolean critical) {
    List<GateEvaluation> history = new ArrayList<>(failing(Outcome.BREACH, failuresBefore, critical));
    Instant at = history.get(history.size() - 1).evaluatedAt().plus(Duration.ofMinutes(15));
    history.add(evaluation("api_p95", Outcome.PASS, at, critical));

    GateVerdict verdict = VerdictRules.decide(history, RULES, at.plus(Duration.ofHours(1)));

    assertThat(verdict.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(verdict.reason()).isEqualTo("latest check passed: GREEN");
    assertThat(verdict.streak()).isZero();
    assertThat(verdict.breachSince()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Outcome.class, names = "PASS", mode = EnumSource.Mode.EXCLUDE)
  void noOutcomeButPassIsEverGreen(Outcome outcome) {
    GateVerdict verdict = VerdictRules.decide(List.of(evaluation("kafka_lag", outcome, T0, false)), RULES, T0);

    assertThat(verdict.verdict()).isNotEqualTo(Verdict.GREEN);
  }

  @Test
  void aFailureAfterAPassStartsANewStreak() {
    List<GateEvaluation> history = List.of(
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

    assertThat(VerdictRules.decide(history, RULES, T0.plus(Duration.ofMinutes(14).plusSeconds(59))).verdict()).isEqualTo(Verdict.YELLOW);
    assertThat(VerdictRules.decide(history, RULES, T0.plus(Duration.ofMinutes(15))).verdict()).isEqualTo(Verdict.RED);
  }

  @Test
  void refusesHistoriesItCannotJudge() {
    assertThatThrownBy(() -> VerdictRules.decide(List.of(), RULES, T0))
        .hasMessage("a verdict needs at least one evaluation; evaluate the gate first");
    assertThatThrownBy(() -> VerdictRules.decide(List.of(evaluation("api_p95", Outcome.PASS, T0, false),
        evaluation("api_p99", Outcome.PASS, T0.plusSeconds(1), false)), RULES, T0.plusSeconds(1)))
        .hasMessage("history mixes gates api_p95 and api_p99; pass one gate's history");
    assertThatThrownBy(() -> VerdictRules.decide(List.of(evaluation("api_p95", Outcome.PASS, T0.plusSeconds(1), false),
        evaluation("api_p95", Outcome.PASS, T0, false)), RULES, T0.plusSeconds(1)))
        .hasMessage("history of api_p95 is not oldest first: 2026-11-27T15:00:01Z comes before 2026-11-27T15:00:00Z");
    assertThatThrownBy(() -> VerdictRules.decide(List.of(evaluation("api_p95", Outcome.PASS, T0, false)), RULES, T0.minusSeconds(1)))
        .hasMessage("judgement time 2026-11-27T14:59:59Z is before the latest evaluation of api_p95 at 2026-11-27T15:00:00Z");
  }

  @Test
  void theReleaseIsTheWorstGateAndNamesIt() {
    GateVerdict green = VerdictRules.decide(List.of(evaluation("api_p95", Outcome.PASS, T0, false)), RULES, T0);
    GateVerdict yellow = VerdictRules.decide(List.of(evaluation("kafka_lag", Outcome.NO_DATA, T0, false)), RULES, T0);
    GateVerdict red = VerdictRules.decide(List.of(evaluation("auth_error_ratio", Outcome.BREACH, T0, true)), RULES, T0);

    assertThat(VerdictRules.release(List.of(green)))
        .extracting(ReleaseVerdict::verdict, ReleaseVerdict::reason)
        .containsExactly(Verdict.GREEN, "GREEN: all 1 gates passed");
    assertThat(VerdictRules.release(List.of(green, yellow)).reason())
        .isEqualTo("YELLOW: kafka_lag (first failure, 0s old (RED on the next failure or after 15m): YELLOW)");
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
        Outcome outcome = random.nextBoolean() ? Outcome.PASS : outcomes[random.nextInt(outcomes.length)];
        GateEvaluation e = evaluation("api_p95", outcome, at, critical);
        history.add(e);
        GateVerdict incremental = tracker.next(e);
        assertThat(incremental).as("run %d step %d", run, i).isEqualTo(VerdictRules.decide(history, RULES, at));
      }
    }
  }
}
