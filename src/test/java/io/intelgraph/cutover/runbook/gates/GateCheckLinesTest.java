package io.intelgraph.cutover.runbook.gates;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.breach;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.pass;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.gates.GateLineReport.Signal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T+15 / T+30 / T+60 as lines: which checks are due (from the ledger and {@code cadence.watch}),
 * when (from the lock or the previous check), and each check's lines in the runbook's order with
 * the configured thresholds in their names. The production example: 3 checks, 15 min apart.
 */
class GateCheckLinesTest {

  static final Instant LOCKED = Instant.parse("2026-12-07T10:00:00Z");
  static final List<String> ALL_GATES =
      List.of(
          "error_ratio_5xx",
          "api_p95",
          "auth_error_ratio",
          "kafka_lag",
          "kafka_lag_growth",
          "dlq_ratio",
          "policy_engine");

  @TempDir Path dir;
  FileLedgerStore ledger;

  FileLedgerStore ledger(Environment environment) {
    if (ledger == null) {
      ledger =
          new FileLedgerStore(
              dir.resolve("ledger.json"), environment.release().tag(), Clock.systemUTC());
    }
    return ledger;
  }

  void lock(Environment environment) {
    ledger(environment)
        .update(l -> l.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, LOCKED)));
  }

  @Test
  void aScheduledRunHasTheNextCheckDueWithTheRunbooksWordsAndTheConfiguredThresholds() {
    Environment env =
        TestEnvironments.prodExample(Map.of("cutover.gates.api_p95.threshold", "<= 300ms"));

    List<String> names =
        GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name).toList();

    Assertions.assertThat(names)
        .containsExactly(
            "T+15 gate check (check 1 of 3, all traffic)",
            "T+15: 5xx Rate (<= 1 %)",
            "T+15: API P95 (<= 300 ms)",
            "T+15: Auth Errors (<= 0.5 %)",
            "T+15: Kafka Lag (Stable: below its limit and not growing)",
            "T+15: DLQ Rate (< 0.1 %)",
            "T+15: Policy engine (OPA decisions answered, the release's bundle activated; critical)",
            "T+15 verdict: GREEN / YELLOW (keep watching) / RED (second consecutive failure: roll"
                + " back)");
  }

  @Test
  void aWatchingProcessHasEveryRemainingCheckInOrder() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.watch", "true"));

    Assertions.assertThat(GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name))
        .filteredOn(name -> name.contains("gate check ("))
        .containsExactly(
            "T+15 gate check (check 1 of 3, all traffic)",
            "T+30 gate check (check 2 of 3, all traffic)",
            "T+60 gate check (check 3 of 3, all traffic)");
  }

  @Test
  void theFirstCheckIsDueOneGateIntervalAfterTheLockAndItsVerdictIsReported() {
    Environment env = TestEnvironments.prodExample(Map.of());
    lock(env);
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED)
            .then(
                ALL_GATES.stream()
                    .map(g -> g.equals("api_p95") ? breach(g) : pass(g))
                    .toArray(ScriptedGateChecks.Step[]::new));
    LineContext context = new LineContext(env, null, ledger(env), checks);
    List<GateCheckLine> lines = GateCheckLines.due(env, ledger(env).read()).toList();

    List<GateLineReport> reports = lines.stream().map(line -> line.run(context, checks)).toList();

    Assertions.assertThat(checks.waits)
        .containsExactly("T+15 gate check until 2026-12-07T10:15:00Z");
    Assertions.assertThat(checks.scopes).containsExactly(Scope.ALL);
    assertThat(reports.get(0).line()).passed();
    assertThat(reports.get(1).line()).passed();
    assertThat(reports.get(2).line()).failedWith("gate api_p95 is YELLOW");
    assertThat(reports.get(6).line()).passed();
    Assertions.assertThat(reports.get(7).signal()).isEqualTo(Signal.YELLOW);
    assertThat(reports.get(7).line())
        .failedWith("gate check #1 (all) at 2026-12-07T10:15:00Z is YELLOW");
    Assertions.assertThat(ledger.read().checks(GateCheckLines.PHASE)).hasSize(1);
  }

  @Test
  void afterAFailedCheckTheNextIsDueOnceItsWindowHasMoved() {
    Environment env = TestEnvironments.prodExample(Map.of());
    lock(env);
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED)
            .then(breach("api_p95"));
    checks.awaitNextCheck(LOCKED.plusSeconds(900), "T+15");
    checks.check(Scope.ALL);

    Assertions.assertThat(GateCheckLines.nextDue(ledger.read(), checks))
        .contains(LOCKED.plusSeconds(900).plus(checks.cadence().followUpInterval()));
  }

  @Test
  void withoutALockOrAHoldTheCheckFailsNamingWhatToRun() {
    Environment env = TestEnvironments.prodExample(Map.of());
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    GateLineReport check =
        GateCheckLines.due(env, ledger.read()).findFirst().orElseThrow().run(context, checks);

    assertThat(check.line())
        .failedWith("has no locked 100 % step and no held canary", "run the ramp to its lock");
    Assertions.assertThat(checks.scopes).isEmpty();
  }

  @Test
  void whenEveryCheckIsRecordedNothingIsDueAndTheLineSaysSo() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.gate_checks", "1"));
    lock(env);
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED)
            .then(pass("api_p95"));
    LineContext context = new LineContext(env, null, ledger(env), checks);
    GateLineReport before = GateCheckLines.checksDue(context);
    checks.check(Scope.ALL);

    GateLineReport after = GateCheckLines.checksDue(context);

    assertThat(before.line()).passed();
    Assertions.assertThat(after.signal()).isEqualTo(Signal.SKIP);
    assertThat(after.line())
        .failedWith("all 1 gate checks of attempt", "are recorded", "nothing is due");
    Assertions.assertThat(GateCheckLines.due(env, ledger.read())).isEmpty();
  }
}
