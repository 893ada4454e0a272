package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link GateCheckRun} over an in-memory history: numbering, the verdict sequence over the history,
 * what is handed on, and the follow-ups of a YELLOW. The production example's cadence (15 min).
 */
class GateCheckRunTest {

  static final Environment PROD = TestEnvironments.prodExample(Map.of());
  static final String P95 = "api_p95";
  static final Instant START = Instant.parse("2025-09-21T15:15:00Z");

  final Deque<Outcome> script = new ArrayDeque<>();
  final InMemoryHistory history = new InMemoryHistory();
  final List<GateReport> handedOn = new ArrayList<>();
  final List<String> waits = new ArrayList<>();
  final TestClock clock = new TestClock(START);

  GateCheckRun run(String phase) {
    GateCheckRun.GateSource source =
        (scope, at, baselines) -> List.of(evaluation(script.pop(), scope, at));
    return new GateCheckRun(PROD, history, phase, source, handedOn::add, clock);
  }

  /** A wait that moves the clock to the due time, as a real wait would after that long. */
  void waitUntil(Instant due, String alias) {
    waits.add(alias + " at " + due);
    clock.advance(Duration.between(clock.instant(), due));
  }

  static GateEvaluation evaluation(Outcome outcome, Scope scope, Instant at) {
    OptionalDouble value =
        outcome == Outcome.PASS
            ? OptionalDouble.of(0.2)
            : outcome == Outcome.BREACH ? OptionalDouble.of(0.41) : OptionalDouble.empty();
    return new GateEvaluation(
        P95,
        scope,
        false,
        at,
        outcome,
        value,
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "api_p95 %s at %s".formatted(outcome, at),
        List.of(new Evidence("value", "q", "{}")));
  }

  @Test
  void checksAreNumberedPerPhaseAndHandedOnOnceAppended() {
    GateCheckRun ramp = run("ramp");
    script.add(Outcome.PASS);
    script.add(Outcome.PASS);
    GateReport first = ramp.check(Scope.CANARY);
    clock.advance(Duration.ofSeconds(60));
    GateReport second = ramp.check(Scope.CANARY);
    script.add(Outcome.PASS);
    GateReport gate = run("gate").check(Scope.ALL);

    assertThat(List.of(first.number(), second.number(), gate.number())).containsExactly(1, 2, 1);
    assertThat(handedOn).containsExactly(first, second, gate);
    assertThat(history.reports).containsExactly(first, second, gate);
  }

  @Test
  void theStreakRunsOverTheWholeHistoryWhateverThePhase() {
    script.add(Outcome.BREACH);
    script.add(Outcome.NO_DATA);
    GateReport ramp = run("ramp").check(Scope.CANARY);
    clock.advance(Duration.ofSeconds(60));
    GateReport gate = run("gate").check(Scope.ALL);

    assertThat(ramp.verdict()).isEqualTo(Verdict.YELLOW);
    assertThat(gate.verdict(P95).streak()).isEqualTo(2);
    assertThat(gate.verdict()).isEqualTo(Verdict.RED);
    assertThat(gate.reason())
        .startsWith(
            "gate check #1 (all) at 2025-09-21T15:16:00Z is RED: api_p95 second consecutive failure: RED");
  }

  @Test
  void aYellowIsCheckedAgainAfterTheFollowUpIntervalUntilItIsGreen() {
    script.add(Outcome.BREACH);
    script.add(Outcome.PASS);
    GateCheckRun run = run("ramp");

    GateReport decided = run.checkUntilDecided(Scope.CANARY, "canary at 40 %", this::waitUntil);

    assertThat(decided.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(decided.number()).isEqualTo(2);
    assertThat(waits)
        .containsExactly(
            "canary at 40 % is YELLOW: keep watching, change nothing; follow-up check 1 at 2025-09-21T15:30:00Z");
    assertThat(run.status())
        .isEqualTo("last ramp check #2 (canary) at 2025-09-21T15:30:00Z: GREEN");
  }

  @Test
  void aSecondConsecutiveFailureEndsTheFollowUpsAtRed() {
    script.add(Outcome.BREACH);
    script.add(Outcome.BREACH);

    GateReport decided =
        run("ramp").checkUntilDecided(Scope.CANARY, "canary at 40 %", this::waitUntil);

    assertThat(decided.verdict()).isEqualTo(Verdict.RED);
    assertThat(waits).hasSize(1);
  }

  @Test
  void aCheckWithNoGateNamesTheEnvironment() {
    GateCheckRun run =
        new GateCheckRun(
            PROD,
            history,
            "gate",
            (scope, at, baselines) -> List.of(),
            handedOn::add,
            Clock.systemUTC());

    assertThatThrownBy(() -> run.check(Scope.ALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no gate to check in scope all: environment %s defines no gates"
                .formatted(PROD.name()));
    assertThat(history.reports).isEmpty();
  }

  @Test
  void aGateFromASecondSourceIsJudgedInTheSameCheckAndItsCriticalBreachIsRedAtOnce() {
    script.add(Outcome.PASS);
    List<String> closed = new ArrayList<>();
    GateCheckRun.GateSource prometheus =
        new GateCheckRun.GateSource() {
          @Override
          public List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines) {
            return List.of(evaluation(script.pop(), scope, at));
          }

          @Override
          public void close() {
            closed.add("prometheus");
          }
        };
    GateCheckRun.GateSource policy =
        new GateCheckRun.GateSource() {
          @Override
          public List<GateEvaluation> evaluate(Scope scope, Instant at, Baselines baselines) {
            return List.of(
                new GateEvaluation(
                    "policy_engine",
                    scope,
                    true,
                    at,
                    Outcome.BREACH,
                    OptionalDouble.of(1),
                    Threshold.parse("<= 5%"),
                    OptionalDouble.empty(),
                    OptionalDouble.of(2),
                    OptionalDouble.empty(),
                    "policy engine failed 2 of 2 decisions",
                    List.of(new Evidence("value", "POST", "refused"))));
          }

          @Override
          public void close() {
            closed.add("policy");
          }
        };

    GateReport report;
    try (GateCheckRun run =
        new GateCheckRun(
            PROD, history, "ramp", prometheus.and(policy), handedOn::add, Clock.systemUTC())) {
      report = run.check(Scope.CANARY);
    }

    assertThat(report.evaluations())
        .extracting(GateEvaluation::gate)
        .containsExactly(P95, "policy_engine");
    assertThat(report.evaluations())
        .extracting(GateEvaluation::evaluatedAt)
        .containsOnly(report.at());
    assertThat(report.verdict()).isEqualTo(Verdict.RED);
    assertThat(report.verdict("policy_engine").verdict()).isEqualTo(Verdict.RED);
    assertThat(report.reason())
        .contains("policy_engine")
        .contains("policy engine failed 2 of 2 decisions");
    assertThat(history.reports).containsExactly(report);
    assertThat(closed).containsExactlyInAnyOrder("prometheus", "policy");
  }

  @Test
  void beforeAnyCheckTheStatusSaysSo() {
    assertThat(run("gate").status()).isEqualTo("no gate check yet");
    assertThat(run("gate").last()).isEmpty();
  }

  /**
   * The history as a list of checks, judged like the ledger judges: the whole history, every phase.
   */
  static final class InMemoryHistory implements GateHistory {
    final List<GateReport> reports = new ArrayList<>();

    @Override
    public Baselines baselines(Duration rateWindow) {
      return Baselines.none();
    }

    @Override
    public GateReport append(Function<Past, GateReport> judge) {
      GateReport report = read(judge);
      reports.add(report);
      return report;
    }

    @Override
    public <T> T read(Function<Past, T> judge) {
      return judge.apply(
          new Past() {
            @Override
            public int checks(String phase) {
              return (int) reports.stream().filter(r -> r.phase().equals(phase)).count();
            }

            @Override
            public List<GateEvaluation> history(GateEvaluation latest) {
              return reports.stream()
                  .flatMap(r -> r.evaluations().stream())
                  .filter(e -> e.gate().equals(latest.gate()))
                  .toList();
            }
          });
    }
  }
}
