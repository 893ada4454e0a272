package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.BaselineLimit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.DecisionDesk;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateCheckRun;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.HumanDecision;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.StableComparison;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.GateRecords;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.gates.GateLineReport;
import io.intelgraph.cutover.testing.TestClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * {@link GateChecks} against a scripted source of evaluations and a real ledger file, end to end:
 * the records in the ledger, the verdict sequence over the ledger's history, the evidence attached
 * to the report, and the RED/YELLOW signals with their messages. The production example's cadence:
 * 15 min checks, 15 min escalation.
 */
class GateChecksTest {

  static final Environment PROD = TestEnvironments.prodExample(Map.of());
  static final String P95 = "api_p95";
  static final String AUTH = "auth_error_ratio";
  static final String QUERY =
      "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track=\"canary\"}[5m])))";

  @TempDir Path dir;
  LedgerStore ledger;
  TestClock clock = new TestClock(Instant.parse("2025-09-21T15:15:00Z"));
  Deque<List<Step>> script = new ArrayDeque<>();
  List<String> attachments = new ArrayList<>();

  record Step(String gate, Outcome outcome, double value, boolean critical) {}

  @BeforeEach
  void emptyLedger() {
    ledger =
        new FileLedgerStore(dir.resolve("ledger.json"), PROD.release().tag(), Clock.systemUTC());
  }

  GateChecks checks(String phase) {
    GateCheckRun.GateSource source =
        (scope, at, baselines) ->
            script.pop().stream().map(step -> evaluation(step, scope, at)).toList();
    return new GateChecks(
        PROD,
        ledger,
        phase,
        source,
        (name, type, content, ext) -> attachments.add(type + " " + name + "\n" + content),
        clock);
  }

  GateReport next(GateChecks checks, Step... steps) {
    script.add(List.of(steps));
    GateReport report = checks.check(Scope.CANARY);
    clock.advance(Duration.ofMinutes(15));
    return report;
  }

  /** The ledger record the check appended for {@code gate}. */
  static GateRecord record(GateReport report, String gate) {
    return GateRecords.of(report).stream()
        .filter(r -> r.gate().equals(gate))
        .findFirst()
        .orElseThrow();
  }

  static Step p95(Outcome outcome, double value) {
    return new Step(P95, outcome, value, false);
  }

  static GateEvaluation evaluation(Step step, Scope scope, Instant at) {
    OptionalDouble value =
        Double.isNaN(step.value()) ? OptionalDouble.empty() : OptionalDouble.of(step.value());
    return new GateEvaluation(
        step.gate(),
        scope,
        step.critical(),
        at,
        step.outcome(),
        value,
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.of(500),
        OptionalDouble.of(30),
        "%s (%s) %s at %s".formatted(step.gate(), scope.label(), step.value(), at),
        List.of(
            new Evidence(
                "value",
                QUERY,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")));
  }

  /**
   * With {@code escalation.decide: approval}, the second LOW_SAMPLE waits at the desk; the GO it
   * gets is appended GREEN (outcome and streak kept) and reaches the evidence with its statement.
   */
  @Test
  void aDecidedGoIsRecordedGreenAndAttachedWithItsStatement() {
    Environment approval =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.escalation.decide", "approval",
                "cutover.escalation.roles", "platform-lead",
                "cutover.closeout.approvals.roles.platform-lead.public_key.env",
                    "EVIDENCE_SIGNING_KEY"));
    List<DecisionDesk.Request> asked = new ArrayList<>();
    HumanDecision go =
        new HumanDecision(
            HumanDecision.Choice.GO,
            "alice",
            "platform-lead",
            Instant.parse("2025-09-21T15:31:00Z"),
            "eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
    GateCheckRun.GateSource source =
        (scope, at, baselines) ->
            script.pop().stream().map(step -> evaluation(step, scope, at)).toList();
    GateChecks checks =
        new GateChecks(
            approval,
            ledger,
            "ramp",
            source,
            (name, type, content, ext) -> attachments.add(type + " " + name + "\n" + content),
            clock,
            request -> {
              asked.add(request);
              return Optional.of(go);
            });

    next(checks, p95(Outcome.LOW_SAMPLE, Double.NaN));
    GateReport decided = next(checks, p95(Outcome.LOW_SAMPLE, Double.NaN));

    assertThat(asked).extracting(DecisionDesk.Request::label).containsExactly("ramp check #2");
    GateRecord p95 = record(decided, P95);
    assertThat(p95.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(p95.outcome()).isEqualTo(Outcome.LOW_SAMPLE);
    assertThat(p95.streak()).isEqualTo(2);
    assertThat(ledger.read().gates()).last().isEqualTo(p95);
    assertThat(attachments)
        .filteredOn(a -> a.startsWith("text/plain decision on ramp check #2"))
        .singleElement()
        .asString()
        .contains(
            "GO by alice (platform-lead) at 2025-09-21T15:31:00Z on ramp check #2 (api_p95)",
            "verifies with platform-lead's public key",
            "eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
  }

  @Test
  void aRecordCarriesQueryAnswerValueThresholdOutcomeVerdictStreakTimeAndPhase() {
    GateReport report = next(checks("ramp"), p95(Outcome.PASS, 0.21));

    GateRecord record = ledger.read().gates().get(0);
    assertThat(record).isEqualTo(record(report, P95));
    assertThat(record.gate()).isEqualTo(P95);
    assertThat(record.scope()).isEqualTo("canary");
    assertThat(record.query()).isEqualTo(QUERY);
    assertThat(record.rawAnswer()).contains("\"resultType\":\"vector\"");
    assertThat(record.value()).contains(0.21);
    assertThat(record.threshold()).isEqualTo("<= 350 ms");
    assertThat(record.outcome()).isEqualTo(Outcome.PASS);
    assertThat(record.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(record.streak()).isZero();
    assertThat(record.at()).isEqualTo(Instant.parse("2025-09-21T15:15:00Z"));
    assertThat(record.phase()).isEqualTo("ramp");
    assertThat(report.number()).isEqualTo(1);
  }

  @Test
  void aBreachIsYellowThenTheSecondConsecutiveBreachIsRed() {
    GateChecks checks = checks("gate");
    GateReport first = next(checks, p95(Outcome.BREACH, 0.412));
    GateReport second = next(checks, p95(Outcome.BREACH, 0.398));

    assertThat(first.verdict()).isEqualTo(Verdict.YELLOW);
    assertThat(record(first, P95).streak()).isEqualTo(1);
    assertThat(second.verdict()).isEqualTo(Verdict.RED);
    assertThat(record(second, P95).streak()).isEqualTo(2);
    assertThat(second.number()).isEqualTo(2);
    assertThat(ledger.read().gates())
        .extracting(GateRecord::verdict)
        .containsExactly(Verdict.YELLOW, Verdict.RED);

    assertThatThrownBy(() -> checks.requireGreen(first))
        .isInstanceOf(YellowVerdictException.class)
        .hasMessageContaining("gate check #1 (canary) at 2025-09-21T15:15:00Z is YELLOW")
        .hasMessageContaining("Keep watching, change nothing");
    assertThatThrownBy(() -> checks.requireGreen(second))
        .isInstanceOf(RedVerdictException.class)
        .hasMessage(
            "gate check #2 (canary) at 2025-09-21T15:30:00Z is RED: api_p95 second consecutive failure: RED,"
                + " api_p95 (canary) 0.398 at 2025-09-21T15:30:00Z (outcome BREACH; streak 2; threshold <= 350 ms; query "
                + QUERY
                + ")");
  }

  @Test
  void aPassResetsTheStreak() {
    GateChecks checks = checks("gate");
    next(checks, p95(Outcome.BREACH, 0.4));
    GateReport pass = next(checks, p95(Outcome.PASS, 0.2));
    GateReport again = next(checks, p95(Outcome.BREACH, 0.4));

    assertThat(pass.verdict()).isEqualTo(Verdict.GREEN);
    assertThatCode(() -> checks.requireGreen(pass)).doesNotThrowAnyException();
    assertThat(again.verdict()).isEqualTo(Verdict.YELLOW);
    assertThat(record(again, P95).streak()).isEqualTo(1);
  }

  @Test
  void noDataIsNeverGreenAndKeepsNoValue() {
    GateReport report =
        next(
            checks("gate"),
            p95(Outcome.NO_DATA, Double.NaN),
            new Step("kafka_lag", Outcome.ERROR, Double.NaN, false));

    assertThat(report.verdicts())
        .allSatisfy(v -> assertThat(v.verdict()).isNotEqualTo(Verdict.GREEN));
    assertThat(GateRecords.of(report)).allSatisfy(r -> assertThat(r.value()).isEmpty());
  }

  @Test
  void aNonFiniteValueStaysInTheRawAnswerOnly() {
    GateReport report = next(checks("gate"), p95(Outcome.BREACH, Double.POSITIVE_INFINITY));

    assertThat(record(report, P95).value()).isEmpty();
    assertThat(ledger.read().gates().get(0).value()).isEmpty();
  }

  @Test
  void aCriticalGateIsRedOnItsFirstFailure() {
    GateChecks checks = checks("canary");
    GateReport report =
        next(checks, p95(Outcome.PASS, 0.2), new Step(AUTH, Outcome.BREACH, 0.158, true));

    assertThat(report.verdict()).isEqualTo(Verdict.RED);
    assertThat(report.verdict(AUTH).streak()).isEqualTo(1);
    assertThatThrownBy(() -> checks.requireGreen(report))
        .isInstanceOf(RedVerdictException.class)
        .hasMessageContaining("auth_error_ratio critical gate failed (BREACH): RED")
        .hasMessageNotContaining("api_p95");
  }

  @Test
  void theStreakCarriesAcrossPhasesAndRunsThroughTheLedger() {
    next(checks("ramp"), p95(Outcome.BREACH, 0.4));
    GateChecks nextRun = checks("gate");
    GateReport report = next(nextRun, p95(Outcome.BREACH, 0.41));

    assertThat(report.number()).as("first check of the gate phase").isEqualTo(1);
    assertThat(report.verdict(P95).reason()).isEqualTo("second consecutive failure: RED");
    assertThat(ledger.read().checks("ramp")).hasSize(1);
    assertThat(ledger.read().checks("gate")).hasSize(1);
  }

  @Test
  void theEvidenceIsAttachedAsJsonAndAMarkdownTable() {
    GateChecks checks = checks("gate");
    next(checks, p95(Outcome.BREACH, 0.412));

    assertThat(attachments).hasSize(2);
    assertThat(attachments.get(0))
        .startsWith("application/json gate gate check #1 (canary) at 2025-09-21T15:15:00Z: YELLOW")
        .contains(
            "\"query\" : \"" + QUERY.replace("\"", "\\\"") + "\"",
            "\"value\" : 0.412",
            "\"threshold\" : \"<= 350 ms\"",
            "\"outcome\" : \"BREACH\"",
            "\"verdict\" : \"YELLOW\"",
            "\"streak\" : 1",
            "\"time\" : \"2025-09-21T15:15:00Z\"",
            "\"answer\" : ");
    assertThat(attachments.get(1))
        .startsWith("text/markdown")
        .contains(
            "| gate | value | threshold | baseline limit | outcome | verdict | streak | time |",
            "| api_p95 | 412 ms | <= 350 ms | - | BREACH | YELLOW | 1 | 2025-09-21T15:15:00Z |");
    assertThat(checks.status())
        .startsWith(
            "last gate check #1 (canary) at 2025-09-21T15:15:00Z: YELLOW (api_p95 YELLOW streak 1)");
  }

  @Test
  void theT30BaselineInTheLedgerReachesTheEvaluationAndTheEvidenceShowsTheLimitItUsed() {
    Instant t30 = Instant.parse("2025-09-21T14:30:00Z");
    ledger.update(
        l ->
            l.withBaseline(
                new Baseline(P95, 0.25, "s", "q", t30, Optional.of(PROD.cadence().rateWindow()))));
    AtomicReference<Baselines> given = new AtomicReference<>();
    GateCheckRun.GateSource source =
        (scope, at, baselines) -> {
          given.set(baselines);
          BaselineLimit limit = BaselineLimit.of(baselines.measured(P95).orElseThrow(), 0.2);
          return List.of(
              new GateEvaluation(
                  P95,
                  scope,
                  false,
                  at,
                  Outcome.PASS,
                  OptionalDouble.of(0.26),
                  Threshold.parse("<= 350ms"),
                  OptionalDouble.of(limit.limit()),
                  OptionalDouble.of(500),
                  OptionalDouble.of(30),
                  "api_p95 260 ms",
                  List.of(new Evidence("value", QUERY, "{}")),
                  Optional.of(limit)));
        };
    GateChecks checks =
        new GateChecks(
            PROD,
            ledger,
            "canary",
            source,
            (name, type, content, ext) -> attachments.add(type + " " + name + "\n" + content),
            clock);

    GateReport report = checks.check(Scope.CANARY);

    assertThat(given.get().measured(P95))
        .hasValueSatisfying(
            m -> {
              assertThat(m.value()).isEqualTo(0.25);
              assertThat(m.at()).contains(t30);
              assertThat(m.source()).startsWith("ledger " + ledger.location());
            });
    assertThat(record(report, P95).threshold())
        .startsWith(
            "<= 350 ms and <= 300 ms = baseline 250 ms + 20 % (measured 2025-09-21T14:30:00Z over 5m rate window; ledger ");
    assertThat(attachments.get(0))
        .contains(
            "\"baseline\" : {",
            "\"baseline\" : 0.25",
            "\"ratio\" : 0.2",
            "\"limit\" : 0.3",
            "\"window\" : \"PT5M\"",
            "\"at\" : \"2025-09-21T14:30:00Z\"",
            "\"source\" : \"ledger ");
    assertThat(attachments.get(1))
        .contains(
            "| api_p95 | 260 ms | <= 350 ms | 300 ms = baseline 250 ms + 20 % (measured 2025-09-21T14:30:00Z over 5m rate window; ledger ");
  }

  @Test
  void aComparisonWithStableGoesIntoTheLedgerRecordAndTheEvidence() {
    StableComparison.Judgement judgement =
        new StableComparison.Judgement(
            StableComparison.Result.REGRESSION,
            0.06,
            0.005,
            12,
            0.055,
            0.00002,
            16,
            16,
            "canary worse than stable: canary 60 ms vs stable 5 ms (ratio 12.0, max 1.3; difference 55 ms, min 20 ms)");
    GateCheckRun.GateSource source =
        (scope, at, baselines) ->
            List.of(
                new GateEvaluation(
                    P95,
                    scope,
                    false,
                    at,
                    Outcome.BREACH,
                    OptionalDouble.of(0.06),
                    Threshold.parse("<= 350ms"),
                    OptionalDouble.empty(),
                    OptionalDouble.of(500),
                    OptionalDouble.of(30),
                    "api_p95 60 ms meets its absolute threshold but fails the comparison with stable",
                    List.of(
                        new Evidence("value", QUERY, "{}"),
                        new Evidence("stable value", "q{track=\"stable\"}", "{}")),
                    Optional.empty(),
                    Optional.of(judgement)));
    GateChecks checks =
        new GateChecks(
            PROD,
            ledger,
            "canary",
            source,
            (name, type, content, ext) -> attachments.add(type + " " + name + "\n" + content),
            clock);

    GateReport report = checks.check(Scope.CANARY);

    assertThat(record(report, P95).threshold())
        .isEqualTo(
            "<= 350 ms and compare_with_stable: canary worse than stable: canary 60 ms vs stable 5 ms (ratio 12.0, max 1.3; difference 55 ms, min 20 ms)");
    assertThat(attachments.get(0))
        .contains(
            "\"versus_stable\" : {",
            "\"result\" : \"REGRESSION\"",
            "\"pValue\" : 2.0E-5",
            "\"canarySamples\" : 16",
            "\"role\" : \"stable value\"");
  }

  @Test
  void aLinesSignalReachesJUnitAsTheVerdictsExceptionWithItsEvidenceAttached() {
    Instant at = Instant.parse("2025-09-21T15:15:00Z");
    LineReport red =
        LineReport.at(at)
            .evidence("gate check", "ramp check #2 (canary): RED")
            .problem("api_p95 second consecutive failure: RED")
            .judged();
    LineReport failed = LineReport.at(at).problem("40 % traffic: ingress says 20 %").judged();
    GateChecks.Attachments attach =
        (name, type, content, ext) -> attachments.add(type + " " + name + "\n" + content);

    assertThatThrownBy(() -> GateChecks.enforce(GateLineReport.red(red), attach))
        .isInstanceOf(RedVerdictException.class)
        .hasMessage("api_p95 second consecutive failure: RED");
    assertThatThrownBy(() -> GateChecks.enforce(GateLineReport.yellow(red), attach))
        .isInstanceOf(YellowVerdictException.class);
    assertThatThrownBy(() -> GateChecks.enforce(GateLineReport.inconclusive(failed), attach))
        .isInstanceOf(InconclusiveCheckException.class)
        .hasMessage("40 % traffic: ingress says 20 %");
    assertThatThrownBy(() -> GateChecks.enforce(GateLineReport.skip(failed), attach))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("40 % traffic: ingress says 20 %");
    assertThat(attachments)
        .containsExactly(
            "text/plain gate check\nramp check #2 (canary): RED",
            "text/plain gate check\nramp check #2 (canary): RED");
    // an ordinary line is left to the one assertion every line makes, which attaches its evidence
    assertThat(GateChecks.enforce(GateLineReport.of(failed), attach)).isSameAs(failed);
    assertThat(attachments).hasSize(2);
  }
}
