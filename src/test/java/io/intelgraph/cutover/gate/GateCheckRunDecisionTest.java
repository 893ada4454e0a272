package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link GateCheckRun} with {@code escalation.decide: approval}: which checks wait at the desk,
 * what they ask, and how the answer is appended to the history.
 */
class GateCheckRunDecisionTest {

  /** The production example deciding by approval; the role's key is never read here. */
  static final Environment APPROVAL =
      TestEnvironments.prodExample(
          Map.of(
              "cutover.escalation.decide", "approval",
              "cutover.escalation.decision_timeout", "7m",
              "cutover.escalation.roles", "platform-lead",
              "cutover.closeout.approvals.roles.platform-lead.public_key.env",
                  "EVIDENCE_SIGNING_KEY"));

  static final Environment CLOCK = TestEnvironments.prodExample(Map.of());
  static final Instant START = Instant.parse("2025-09-21T15:15:00Z");

  final Deque<Outcome> script = new ArrayDeque<>();
  final GateCheckRunTest.InMemoryHistory history = new GateCheckRunTest.InMemoryHistory();
  final List<DecisionDesk.Request> asked = new ArrayList<>();
  Optional<HumanDecision> answer = Optional.empty();
  final TestClock clock = new TestClock(START);

  /** Outcomes of a shadow copy of the gate, one per check, when a test sets them. */
  final Deque<Outcome> shadowScript = new ArrayDeque<>();

  GateCheckRun run(Environment environment) {
    GateCheckRun.GateSource source =
        (scope, at, baselines) -> {
          GateEvaluation judging = GateCheckRunTest.evaluation(script.pop(), scope, at);
          if (shadowScript.isEmpty()) return List.of(judging);
          GateEvaluation shadow = GateCheckRunTest.evaluation(shadowScript.pop(), scope, at);
          return List.of(
              judging,
              new GateEvaluation(
                  "api_p95_shadow",
                  shadow.scope(),
                  shadow.critical(),
                  shadow.evaluatedAt(),
                  shadow.outcome(),
                  shadow.value(),
                  shadow.threshold(),
                  shadow.baselineLimit(),
                  shadow.traffic(),
                  shadow.freshSamples(),
                  shadow.detail(),
                  shadow.evidence(),
                  shadow.baseline(),
                  shadow.versusStable(),
                  true));
        };
    DecisionDesk desk =
        request -> {
          asked.add(request);
          return answer;
        };
    return new GateCheckRun(environment, history, "ramp", source, r -> {}, clock, desk);
  }

  /** Two checks a minute apart; returns the second. */
  GateReport twoChecks(Environment environment, Outcome first, Outcome second) {
    script.add(first);
    script.add(second);
    GateCheckRun run = run(environment);
    run.check(Scope.CANARY);
    clock.advance(Duration.ofSeconds(60));
    return run.check(Scope.CANARY);
  }

  @Test
  void aPersistentInconclusiveCheckAsksNamingPhaseCheckAndGates() {
    twoChecks(APPROVAL, Outcome.LOW_SAMPLE, Outcome.ERROR);

    assertThat(asked).hasSize(1);
    DecisionDesk.Request request = asked.get(0);
    assertThat(request.label()).isEqualTo("ramp check #2");
    assertThat(request.gates()).containsExactly("api_p95");
    assertThat(request.at()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void goIsAppendedAsDecidedGoAndTheCheckContinues() {
    answer =
        Optional.of(
            new HumanDecision(
                HumanDecision.Choice.GO, "alice", "platform-lead", START.plusSeconds(90), "JWS"));

    GateReport report = twoChecks(APPROVAL, Outcome.LOW_SAMPLE, Outcome.LOW_SAMPLE);

    assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.GREEN);
    assertThat(report.verdict("api_p95").reason())
        .isEqualTo(
            "inconclusive (LOW_SAMPLE), second consecutive failure; decided GO by alice"
                + " (platform-lead) at 2025-09-21T15:16:30Z: continue");
    assertThat(history.reports).as("appended as decided").endsWith(report);
  }

  @Test
  void rollbackIsAppendedRed() {
    answer =
        Optional.of(
            new HumanDecision(
                HumanDecision.Choice.ROLLBACK,
                "alice",
                "platform-lead",
                START.plusSeconds(90),
                "JWS"));

    GateReport report = twoChecks(APPROVAL, Outcome.NO_DATA, Outcome.STALE);

    assertThat(report.verdict()).isEqualTo(Verdict.RED);
    assertThat(report.reason()).contains("decided ROLLBACK by alice (platform-lead)", ": RED");
  }

  @Test
  void nobodyDecidingIsRedSayingSo() {
    GateReport report = twoChecks(APPROVAL, Outcome.ERROR, Outcome.ERROR);

    assertThat(asked).hasSize(1);
    assertThat(report.verdict()).isEqualTo(Verdict.RED);
    assertThat(report.reason())
        .contains("nobody decided within the 7m decision timeout: RED")
        .startsWith("ramp check #2 (canary) at 2025-09-21T15:16:00Z is RED: api_p95 inconclusive");
  }

  @Test
  void aBreachNeverWaits() {
    GateReport report = twoChecks(APPROVAL, Outcome.LOW_SAMPLE, Outcome.BREACH);

    assertThat(asked).as("a BREACH is decided by the rules alone").isEmpty();
    assertThat(report.verdict()).isEqualTo(Verdict.RED);
    assertThat(report.reason()).contains("api_p95 second consecutive failure: RED");
  }

  @Test
  void aFirstInconclusiveFailureIsYellowAndAsksNobody() {
    script.add(Outcome.ERROR);

    GateReport report = run(APPROVAL).check(Scope.CANARY);

    assertThat(asked).isEmpty();
    assertThat(report.verdict()).isEqualTo(Verdict.YELLOW);
  }

  @Test
  void aDecisionHoldsOnlyForTheCheckItWasAskedAbout() {
    script.add(Outcome.LOW_SAMPLE);
    script.add(Outcome.LOW_SAMPLE);
    script.add(Outcome.LOW_SAMPLE);
    GateCheckRun other = run(CLOCK);
    GateCheckRun.GateSource source =
        (scope, at, baselines) -> List.of(GateCheckRunTest.evaluation(script.pop(), scope, at));
    // while this runner waits, another runner's check of the same phase is appended
    DecisionDesk desk =
        request -> {
          asked.add(request);
          other.check(Scope.CANARY);
          return Optional.of(
              new HumanDecision(
                  HumanDecision.Choice.GO, "alice", "platform-lead", request.at(), "JWS"));
        };
    GateCheckRun run =
        new GateCheckRun(
            APPROVAL,
            history,
            "ramp",
            source,
            r -> {},
            Clock.fixed(clock.instant(), ZoneOffset.UTC),
            desk);
    run.check(Scope.CANARY);
    GateReport report = run.check(Scope.CANARY);

    assertThat(asked).extracting(DecisionDesk.Request::check).containsExactly(2);
    assertThat(report.number()).isEqualTo(3);
    assertThat(report.verdict())
        .as("a GO on check #2 does not make check #3 GREEN: %s", report.reason())
        .isEqualTo(Verdict.RED);
  }

  @Test
  void byTheClockNobodyIsAsked() {
    GateReport report = twoChecks(CLOCK, Outcome.LOW_SAMPLE, Outcome.LOW_SAMPLE);

    assertThat(asked).isEmpty();
    assertThat(report.reason()).contains("api_p95 second consecutive failure: RED");
  }

  @Test
  void aShadowGateIsNeverDecidedByAPersonAndItsBreachDoesNotStopTheAsking() {
    shadowScript.add(Outcome.ERROR);
    shadowScript.add(Outcome.ERROR);
    GateReport quietShadow = twoChecks(APPROVAL, Outcome.PASS, Outcome.PASS);

    assertThat(asked).as("nobody is asked about a shadow gate").isEmpty();
    assertThat(quietShadow.verdict()).isEqualTo(Verdict.GREEN);

    script.clear();
    shadowScript.add(Outcome.BREACH);
    shadowScript.add(Outcome.BREACH);
    clock.advance(Duration.ofSeconds(600));
    GateCheckRunDecisionTest fresh = new GateCheckRunDecisionTest();
    fresh.shadowScript.addAll(shadowScript);
    fresh.twoChecks(APPROVAL, Outcome.LOW_SAMPLE, Outcome.LOW_SAMPLE);

    assertThat(fresh.asked)
        .as("the judging gate's inconclusive RED is asked about beside a breaching shadow gate")
        .singleElement()
        .satisfies(request -> assertThat(request.gates()).containsExactly("api_p95"));
  }
}
