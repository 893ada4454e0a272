package io.intelgraph.cutover.runmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The attempt's facts as the Pushgateway and the evidence get them, from one ledger. */
class RunMetricsTest {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  static final UnaryOperator<String> REDACT = text -> text.replace("s3cr3t", "[REDACTED]");

  static Ledger empty() {
    return empty("v1.42.0");
  }

  static Ledger empty(String release) {
    return new Ledger(
        Ledger.SCHEMA_VERSION,
        release,
        "20261207T100000Z-abcdef",
        2,
        T0,
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  static GateRecord gate(
      String gate, Double value, Outcome outcome, Verdict verdict, int streak, Instant at) {
    return new GateRecord(
        gate,
        "canary",
        "q",
        "{}",
        Optional.ofNullable(value),
        "<= 1 %",
        outcome,
        verdict,
        streak,
        at,
        "canary");
  }

  /** A canary that went RED on its second check and was rolled back in 42.5 s. */
  static Ledger rolledBackCanary() {
    return rolledBackCanary("v1.42.0");
  }

  static Ledger rolledBackCanary(String release) {
    Instant check1 = T0.plusSeconds(60);
    Instant check2 = T0.plusSeconds(120);
    RollbackRecord rollback =
        RollbackRecord.executing(
                "gate error_rate RED: two consecutive breaches (token s3cr3t)\nsecond line",
                "gate",
                new RollbackLease("runner-1", check2, check2.plusSeconds(60)),
                false,
                check2)
            .finished(new Verification(true, List.of(), check2), check2.plusMillis(42_500));
    return empty(release)
        .withPhase(
            new PhaseResult(
                "baseline",
                "T30BaselineTest",
                PhaseResult.Status.PASSED,
                T0.minusSeconds(30),
                T0.minusSeconds(20),
                new PhaseResult.Lines(3, 0, 0, List.of()),
                "3 lines"))
        .withGate(gate("api_p95", 0.2, Outcome.PASS, Verdict.GREEN, 0, check1))
        .withGate(gate("error_rate", 0.05, Outcome.BREACH, Verdict.YELLOW, 1, check1))
        .withGate(gate("api_p95", null, Outcome.NO_DATA, Verdict.YELLOW, 1, check2))
        .withGate(gate("error_rate", 0.06, Outcome.BREACH, Verdict.RED, 2, check2))
        .withRollback(rollback)
        .withPhase(
            new PhaseResult(
                "canary",
                "T0CanaryTest",
                PhaseResult.Status.FAILED,
                T0,
                check2.plusSeconds(50),
                new PhaseResult.Lines(2, 1, 0, List.of()),
                "3 lines"));
  }

  @Test
  void aRolledBackCanaryReadsAsThisText() {
    RunMetrics metrics = RunMetrics.of(rolledBackCanary(), "prod", REDACT);

    assertThat(metrics.openMetrics())
        .isEqualTo(
            """
            # HELP maestro_cutover_attempt Which attempt of the release this is, counting from 1; attempt_id names it in the ledger
            # TYPE maestro_cutover_attempt gauge
            maestro_cutover_attempt{release="v1.42.0",environment="prod",attempt="2",attempt_id="20261207T100000Z-abcdef"} 2
            # HELP maestro_cutover_attempt_start_timestamp_seconds When the attempt started, Unix time
            # TYPE maestro_cutover_attempt_start_timestamp_seconds gauge
            maestro_cutover_attempt_start_timestamp_seconds{release="v1.42.0",environment="prod",attempt="2"} 1796637600
            # HELP maestro_cutover_phase_results Classes of the phase whose latest result has this status (PASSED, PASSED_WITH_SKIPS, FAILED, BROKEN, SKIPPED, REFUSED)
            # TYPE maestro_cutover_phase_results gauge
            maestro_cutover_phase_results{release="v1.42.0",environment="prod",attempt="2",phase="baseline",status="PASSED"} 1
            maestro_cutover_phase_results{release="v1.42.0",environment="prod",attempt="2",phase="canary",status="FAILED"} 1
            # HELP maestro_cutover_phase_duration_seconds How long the latest run of the phase's classes took, summed
            # TYPE maestro_cutover_phase_duration_seconds gauge
            maestro_cutover_phase_duration_seconds{release="v1.42.0",environment="prod",attempt="2",phase="baseline"} 10
            maestro_cutover_phase_duration_seconds{release="v1.42.0",environment="prod",attempt="2",phase="canary"} 170
            # HELP maestro_cutover_gate_evaluation One gate evaluation of a check (1), with its outcome and the gate's verdict after it
            # TYPE maestro_cutover_gate_evaluation gauge
            maestro_cutover_gate_evaluation{release="v1.42.0",environment="prod",attempt="2",gate="api_p95",scope="canary",phase="canary",check="1",outcome="PASS",verdict="GREEN"} 1
            maestro_cutover_gate_evaluation{release="v1.42.0",environment="prod",attempt="2",gate="error_rate",scope="canary",phase="canary",check="1",outcome="BREACH",verdict="YELLOW"} 1
            maestro_cutover_gate_evaluation{release="v1.42.0",environment="prod",attempt="2",gate="api_p95",scope="canary",phase="canary",check="2",outcome="NO_DATA",verdict="YELLOW"} 1
            maestro_cutover_gate_evaluation{release="v1.42.0",environment="prod",attempt="2",gate="error_rate",scope="canary",phase="canary",check="2",outcome="BREACH",verdict="RED"} 1
            # HELP maestro_cutover_gate_value The number a gate evaluation read, in the gate's unit; absent when there was none (NO_DATA, ERROR)
            # TYPE maestro_cutover_gate_value gauge
            maestro_cutover_gate_value{release="v1.42.0",environment="prod",attempt="2",gate="api_p95",scope="canary",phase="canary",check="1",outcome="PASS",verdict="GREEN"} 0.2
            maestro_cutover_gate_value{release="v1.42.0",environment="prod",attempt="2",gate="error_rate",scope="canary",phase="canary",check="1",outcome="BREACH",verdict="YELLOW"} 0.05
            maestro_cutover_gate_value{release="v1.42.0",environment="prod",attempt="2",gate="error_rate",scope="canary",phase="canary",check="2",outcome="BREACH",verdict="RED"} 0.06
            # HELP maestro_cutover_gate_verdict Each gate's latest verdict (1)
            # TYPE maestro_cutover_gate_verdict gauge
            maestro_cutover_gate_verdict{release="v1.42.0",environment="prod",attempt="2",gate="api_p95",verdict="YELLOW"} 1
            maestro_cutover_gate_verdict{release="v1.42.0",environment="prod",attempt="2",gate="error_rate",verdict="RED"} 1
            # HELP maestro_cutover_release_verdict The release verdict (1): the worst verdict any gate judging the release (not a shadow gate) reached in the attempt; absent before the first such evaluation
            # TYPE maestro_cutover_release_verdict gauge
            maestro_cutover_release_verdict{release="v1.42.0",environment="prod",attempt="2",verdict="RED"} 1
            # HELP maestro_cutover_rollbacks Rollbacks of the attempt: 0 or 1 (a rollback runs at most once per attempt)
            # TYPE maestro_cutover_rollbacks gauge
            maestro_cutover_rollbacks{release="v1.42.0",environment="prod",attempt="2"} 1
            # HELP maestro_cutover_rollback_state The attempt's rollback (1): its state, its reason (first line, shortened, redacted) and whether it was a dry run
            # TYPE maestro_cutover_rollback_state gauge
            maestro_cutover_rollback_state{release="v1.42.0",environment="prod",attempt="2",state="DONE",reason="gate error_rate RED: two consecutive breaches (token [REDACTED])",dry_run="false"} 1
            # HELP maestro_cutover_rollback_duration_seconds From the rollback's request to its finish: the time to restore; absent while it runs
            # TYPE maestro_cutover_rollback_duration_seconds gauge
            maestro_cutover_rollback_duration_seconds{release="v1.42.0",environment="prod",attempt="2"} 42.5
            # EOF
            """);
    assertThat(metrics.series()).as("series in the text above").isEqualTo(19);
  }

  @Test
  void thePushedTextLeavesTheGroupingKeyToThePushgateway() {
    RunMetrics metrics = RunMetrics.of(rolledBackCanary(), "prod", REDACT);

    assertThat(metrics.identity())
        .containsExactly(
            Map.entry("release", "v1.42.0"),
            Map.entry("environment", "prod"),
            Map.entry("attempt", "2"));
    assertThat(metrics.pushBody())
        .contains("maestro_cutover_rollbacks 1\n")
        .contains("maestro_cutover_rollback_duration_seconds 42.5\n")
        .doesNotContain("release=", "environment=", "attempt=\"", "# EOF");
  }

  @Test
  void anAttemptWithNothingRecordedHasNoVerdictAndNoRollback() {
    String text = RunMetrics.of(empty(), "sandbox", REDACT).openMetrics();

    assertThat(text)
        .contains(
            "maestro_cutover_rollbacks{release=\"v1.42.0\",environment=\"sandbox\",attempt=\"2\"} 0\n")
        .doesNotContain(
            "maestro_cutover_release_verdict{", "maestro_cutover_rollback_state{", "check=");
  }

  @Test
  void aRecordWrittenTwiceForOneCheckIsOneSeriesWithTheLatestOutcome() {
    Instant check = T0.plusSeconds(60);
    Ledger ledger =
        empty()
            .withGate(gate("error_rate", 0.05, Outcome.BREACH, Verdict.YELLOW, 1, check))
            .withGate(gate("error_rate", null, Outcome.ERROR, Verdict.YELLOW, 1, check));

    String text = RunMetrics.of(ledger, "prod", REDACT).pushBody();

    assertThat(text)
        .contains(
            "maestro_cutover_gate_evaluation{gate=\"error_rate\",scope=\"canary\",phase=\"canary\",check=\"1\",outcome=\"ERROR\",verdict=\"YELLOW\"} 1")
        .doesNotContain("outcome=\"BREACH\"", "maestro_cutover_gate_value{");
  }

  @Test
  void aLongReasonIsCutToItsFirstLineAndEightyCharacters() {
    String reason = RunMetrics.reason("x".repeat(200) + "\nmore", REDACT);

    assertThat(reason).hasSize(80).endsWith("x\u2026");
    assertThat(RunMetrics.reason("  gate   api_p95\tRED  ", REDACT)).isEqualTo("gate api_p95 RED");
  }

  @Test
  void aShadowGateIsLabelledShadowAndNeverMakesTheReleaseVerdict() {
    Instant check = T0.plusSeconds(60);
    GateRecord breachingShadow = gate("api_p95_shadow", 0.9, Outcome.BREACH, Verdict.RED, 2, check);
    Ledger ledger =
        empty()
            .withGate(gate("error_rate", 0.001, Outcome.PASS, Verdict.GREEN, 0, check))
            .withGate(
                new GateRecord(
                    breachingShadow.gate(),
                    breachingShadow.scope(),
                    breachingShadow.query(),
                    breachingShadow.rawAnswer(),
                    breachingShadow.value(),
                    breachingShadow.threshold(),
                    breachingShadow.outcome(),
                    breachingShadow.verdict(),
                    breachingShadow.streak(),
                    breachingShadow.at(),
                    breachingShadow.phase(),
                    true));

    String text = RunMetrics.of(ledger, "prod", REDACT).pushBody();

    assertThat(text)
        .contains(
            "maestro_cutover_gate_evaluation{gate=\"api_p95_shadow\",scope=\"canary\",phase=\"canary\",check=\"1\",outcome=\"BREACH\",verdict=\"RED\",shadow=\"true\"} 1",
            "maestro_cutover_gate_verdict{gate=\"api_p95_shadow\",verdict=\"RED\",shadow=\"true\"} 1",
            "maestro_cutover_release_verdict{verdict=\"GREEN\"} 1")
        .doesNotContain("maestro_cutover_release_verdict{verdict=\"RED\"}");
  }
}
