package io.intelgraph.cutover.assertions;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.cluster.DeploymentStatus;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.golden.LatencySample;
import io.intelgraph.cutover.golden.SamplingReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CutoverAssertionsTest {

  static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  static final String QUERY =
      "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track=\"canary\"}[5m])))";

  static GateEvaluation evaluation(Outcome outcome, double value) {
    return new GateEvaluation(
        "api_p95",
        Scope.CANARY,
        false,
        AT,
        outcome,
        OptionalDouble.of(value),
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.of(20),
        "API p95 latency %.0f ms at %s (canary)".formatted(value * 1000, AT),
        List.of(
            new Evidence(
                "value",
                QUERY,
                "{\"status\":\"success\",\"data\":{\"result\":[{\"value\":[1,\"0.412\"]}]}}")));
  }

  static GateVerdict verdict(Verdict verdict, Outcome outcome, double value) {
    return new GateVerdict(
        "api_p95",
        verdict,
        verdict == Verdict.GREEN ? 0 : 2,
        Optional.empty(),
        "second consecutive failure: RED",
        evaluation(outcome, value));
  }

  @Test
  void aRedVerdictFailsIsGreenQuotingRuleValueThresholdQueryAndAnswer() {
    assertThatThrownBy(() -> assertThat(verdict(Verdict.RED, Outcome.BREACH, 0.412)).isGreen())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "expected gate api_p95 to be GREEN but it is RED: second consecutive failure: RED (streak 2)")
        .hasMessageContaining("outcome:   BREACH (CANARY scope) at 2026-11-27T15:15:00Z")
        .hasMessageContaining("detail:    API p95 latency 412 ms")
        .hasMessageContaining("threshold: <= 350")
        .hasMessageContaining("query:     " + QUERY)
        .hasMessageContaining("answer:    {\"status\":\"success\"");
  }

  static GateReport check(GateVerdict... verdicts) {
    List<GateVerdict> all = List.of(verdicts);
    return new GateReport(
        "gate",
        1,
        Scope.ALL,
        AT,
        all.stream().map(GateVerdict::latest).toList(),
        all,
        VerdictRules.release(all));
  }

  @Test
  void aCheckWithARedGateIsNotGreenAndTheMessageQuotesThatGatesEvidence() {
    assertThatThrownBy(
            () -> assertThat(check(verdict(Verdict.RED, Outcome.BREACH, 0.412))).isGreen())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "expected api_p95 GREEN in gate check #1 (all) at 2026-11-27T15:15:00Z but:")
        .hasMessageContaining("gate api_p95 is RED: second consecutive failure: RED (streak 2)")
        .hasMessageContaining("threshold: <= 350")
        .hasMessageContaining("query:     " + QUERY)
        .hasMessageContaining("answer:    {\"status\":\"success\"");
    assertThatCode(
            () ->
                assertThat(check(verdict(Verdict.GREEN, Outcome.PASS, 0.2)))
                    .isGreen()
                    .hasGreenGates("api_p95"))
        .doesNotThrowAnyException();
  }

  @Test
  void aLineWhoseGateTheCheckDidNotHaveIsNeverGreen() {
    assertThatThrownBy(
            () ->
                assertThat(check(verdict(Verdict.GREEN, Outcome.PASS, 0.2)))
                    .hasGreenGates("dlq_ratio"))
        .hasMessageContaining(
            "gate dlq_ratio is not part of this check (it has [api_p95]); a line without its gate is never GREEN");
  }

  @Test
  void aLongAnswerIsCutToAnExcerpt() {
    GateEvaluation e = evaluation(Outcome.BREACH, 0.4);
    GateEvaluation longAnswer =
        new GateEvaluation(
            e.gate(),
            e.scope(),
            false,
            AT,
            Outcome.BREACH,
            e.value(),
            e.threshold(),
            e.baselineLimit(),
            e.traffic(),
            e.freshSamples(),
            e.detail(),
            List.of(new Evidence("value", QUERY, "x".repeat(400))));
    assertThatThrownBy(() -> assertThat(longAnswer).passed())
        .hasMessageContaining("answer:    " + "x".repeat(300) + "...")
        .hasMessageNotContaining("x".repeat(301));
  }

  @Test
  void greenPassesAndYellowIsNotRed() {
    assertThatCode(() -> assertThat(verdict(Verdict.GREEN, Outcome.PASS, 0.2)).isGreen().isNotRed())
        .doesNotThrowAnyException();
    assertThatCode(() -> assertThat(verdict(Verdict.YELLOW, Outcome.BREACH, 0.4)).isNotRed())
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(verdict(Verdict.RED, Outcome.NO_DATA, 0)).isNotRed())
        .hasMessageContaining("expected gate api_p95 to be not RED but it is RED");
  }

  @Test
  void anEvaluationThatDidNotPassNamesItsOutcome() {
    assertThatThrownBy(() -> assertThat(evaluation(Outcome.STALE, 0.1)).passed())
        .hasMessageStartingWith("expected gate api_p95 to be PASS but it was STALE");
  }

  @Test
  void aFailedGoldenQuotesItsSummaryAndAPercentInTheEvidenceIsKeptVerbatim() {
    SamplingReport report =
        new SamplingReport(
            "entity write",
            5,
            1,
            List.of("HTTP 500: 100% of writes refused"),
            List.of(
                new LatencySample("write", List.of(Duration.ofMillis(30)), Duration.ofMillis(500))),
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> assertThat(report).passed())
        .hasMessageContaining("expected golden entity write to pass at ")
        .hasMessageContaining("5 runs, 1 errors")
        .hasMessageContaining("first failure: HTTP 500: 100% of writes refused");
  }

  @Test
  void passedWithinIsStricterThanTheTarget() {
    SamplingReport report =
        new SamplingReport(
            "3-hop query",
            2,
            0,
            List.of(),
            List.of(
                new LatencySample(
                    "query",
                    List.of(Duration.ofMillis(80), Duration.ofMillis(90)),
                    Duration.ofMillis(1200))),
            Duration.ofSeconds(1));

    assertThatCode(() -> assertThat(report).passedWithin(Duration.ofMillis(100)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(report).passedWithin(Duration.ofMillis(50)))
        .hasMessageContaining("expected query p95 within 50 ms but it was 90 ms");
  }

  @Test
  void aLatencySampleWithoutValuesDoesNotMeetItsTarget() {
    assertThatThrownBy(
            () ->
                assertThat(new LatencySample("OPA decision", List.of(), Duration.ofMillis(10)))
                    .meetsTarget())
        .hasMessageStartingWith("expected OPA decision to meet its p95 target");
  }

  @Test
  void anIncompleteRolloutIsDescribed() {
    DeploymentStatus rolling =
        new DeploymentStatus("api-canary", 3, 3, 2, 2, 1, 1, Optional.empty());

    assertThatThrownBy(() -> assertThat(rolling).isComplete())
        .hasMessageContaining("expected the rollout of api-canary to be complete")
        .hasMessageContaining("api-canary: 2/2 updated, 1 ready, 1 available");
    assertThatCode(
            () ->
                assertThat(new DeploymentStatus("api-canary", 3, 3, 0, 0, 0, 0, Optional.empty()))
                    .isScaledToZero())
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> assertThat(rolling).isScaledToZero())
        .hasMessageContaining("expected api-canary scaled to 0 replicas");
  }
}
