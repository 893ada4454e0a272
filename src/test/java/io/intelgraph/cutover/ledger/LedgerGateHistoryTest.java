package io.intelgraph.cutover.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate checks' history in a real ledger file, and the mapping of evaluations to records and
 * back.
 */
class LedgerGateHistoryTest {

  static final Instant AT = Instant.parse("2025-09-21T15:15:00Z");
  static final VerdictRules.Rules RULES = new VerdictRules.Rules(Duration.ofMinutes(15));

  @TempDir Path dir;
  LedgerStore store;
  LedgerGateHistory history;

  @BeforeEach
  void emptyLedger() {
    store = new FileLedgerStore(dir.resolve("ledger.json"), "v1.0.0-GA", Clock.systemUTC());
    history = new LedgerGateHistory(store);
  }

  static GateEvaluation evaluation(
      String gate,
      Scope scope,
      Outcome outcome,
      OptionalDouble value,
      boolean critical,
      Instant at) {
    return new GateEvaluation(
        gate,
        scope,
        critical,
        at,
        outcome,
        value,
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        gate + " " + outcome,
        List.of(new Evidence("value", "q{" + gate + "}", "{\"a\":1}")));
  }

  static GateReport report(String phase, int number, GateEvaluation... evaluations) {
    List<GateVerdict> verdicts =
        List.of(evaluations).stream()
            .map(e -> VerdictRules.decide(List.of(e), RULES, e.evaluatedAt()))
            .toList();
    return new GateReport(
        phase,
        number,
        evaluations[0].scope(),
        evaluations[0].evaluatedAt(),
        List.of(evaluations),
        verdicts,
        VerdictRules.release(verdicts));
  }

  @Test
  void aCheckIsAppendedAsOneRecordPerGateInItsOrder() {
    GateReport check =
        report(
            "ramp",
            1,
            evaluation("api_p95", Scope.CANARY, Outcome.PASS, OptionalDouble.of(0.21), false, AT),
            evaluation(
                "kafka_lag", Scope.CANARY, Outcome.BREACH, OptionalDouble.of(1500), false, AT));

    GateReport appended = history.append(past -> check);

    assertThat(appended).isSameAs(check);
    assertThat(store.read().gates())
        .extracting(
            GateRecord::gate,
            GateRecord::outcome,
            GateRecord::verdict,
            GateRecord::streak,
            GateRecord::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api_p95", Outcome.PASS, Verdict.GREEN, 0, "ramp"),
            org.assertj.core.groups.Tuple.tuple(
                "kafka_lag", Outcome.BREACH, Verdict.YELLOW, 1, "ramp"));
    assertThat(store.read().gates().get(0))
        .satisfies(
            r -> {
              assertThat(r.scope()).isEqualTo("canary");
              assertThat(r.query()).isEqualTo("q{api_p95}");
              assertThat(r.rawAnswer()).isEqualTo("{\"a\":1}");
              assertThat(r.value()).contains(0.21);
              assertThat(r.threshold()).isEqualTo("<= 350 ms");
              assertThat(r.at()).isEqualTo(AT);
            });
  }

  @Test
  void theJudgementSeesEveryEarlierCheckOfTheGateWhateverThePhase() {
    history.append(
        past ->
            report(
                "ramp",
                1,
                evaluation(
                    "api_p95", Scope.CANARY, Outcome.BREACH, OptionalDouble.of(0.4), false, AT)));
    AtomicInteger rampChecks = new AtomicInteger();
    AtomicInteger gateChecks = new AtomicInteger();
    GateEvaluation latest =
        evaluation(
            "api_p95",
            Scope.ALL,
            Outcome.BREACH,
            OptionalDouble.of(0.41),
            true,
            AT.plusSeconds(900));

    history.append(
        past -> {
          rampChecks.set(past.checks("ramp"));
          gateChecks.set(past.checks("gate"));
          List<GateEvaluation> earlier = past.history(latest);
          assertThat(earlier)
              .singleElement()
              .satisfies(
                  e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.BREACH);
                    assertThat(e.evaluatedAt()).isEqualTo(AT);
                    assertThat(e.scope()).isEqualTo(Scope.CANARY);
                    assertThat(e.critical()).as("criticality is the live evaluation's").isTrue();
                    assertThat(e.detail())
                        .isEqualTo("api_p95 BREACH at 2025-09-21T15:15:00Z (ledger, ramp)");
                  });
          return report("gate", 1, latest);
        });

    assertThat(rampChecks).hasValue(1);
    assertThat(gateChecks).hasValue(0);
  }

  @Test
  void aNonFiniteValueStaysInTheRawAnswerOnly() {
    GateEvaluation infinite =
        evaluation(
            "api_p95",
            Scope.CANARY,
            Outcome.BREACH,
            OptionalDouble.of(Double.POSITIVE_INFINITY),
            false,
            AT);

    GateRecord record =
        GateRecords.of(infinite, VerdictRules.decide(List.of(infinite), RULES, AT), "gate");

    assertThat(record.value()).isEmpty();
    assertThat(record.rawAnswer()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aRecordOfAnUnknownScopeIsReadWithTheLatestScope() {
    GateRecord old =
        new GateRecord(
            "api_p95",
            "blue",
            "q",
            "{}",
            Optional.empty(),
            "<= 350 ms",
            Outcome.NO_DATA,
            Verdict.YELLOW,
            1,
            AT,
            "");
    GateEvaluation latest =
        evaluation(
            "api_p95",
            Scope.STABLE,
            Outcome.PASS,
            OptionalDouble.of(0.2),
            false,
            AT.plusSeconds(60));

    GateEvaluation read = GateRecords.asEvaluation(old, latest);

    assertThat(read.scope()).isEqualTo(Scope.STABLE);
    assertThat(read.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(read.value()).isEmpty();
  }

  @Test
  void theBaselinesAreTheLedgersT30Baselines() {
    store.update(
        l ->
            l.withBaseline(
                new Baseline("api_p95", 0.25, "s", "q", AT, Optional.of(Duration.ofMinutes(5)))));

    assertThat(history.baselines(Duration.ofMinutes(5)).measured("api_p95"))
        .hasValueSatisfying(m -> assertThat(m.source()).startsWith("ledger " + store.location()));
  }
}
