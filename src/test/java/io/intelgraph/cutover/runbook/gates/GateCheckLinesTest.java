package io.intelgraph.cutover.runbook.gates;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.breach;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.pass;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.HaltPolicy;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.HaltRecord;
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
 * when (on the runbook's clock: T-0 plus each {@code cadence.gate_checks_at}, never before the
 * lock, after a failed check once its window has moved), and each check's lines in the runbook's
 * order with the configured thresholds and the real offsets in their names. The production example:
 * T-0 at 10:00, the lock at 10:25 (after the ramp), checks at T+15, T+30, T+60.
 */
class GateCheckLinesTest {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  static final Instant LOCKED = Instant.parse("2026-12-07T10:25:00Z");
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

  /** The canary at T-0, the ramp's steps, the lock at {@code locked}. */
  void lock(Environment environment, Instant locked) {
    ledger(environment)
        .update(
            l ->
                l.withTraffic(new TrafficStep(20, "canary", T0))
                    .withTraffic(new TrafficStep(100, "ramp", locked.minusSeconds(60)))
                    .withTraffic(new TrafficStep(100, TrafficStep.LOCKED, locked)));
  }

  ScriptedGateChecks passing(Environment env, Instant start, int checks) {
    ScriptedGateChecks scripted =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, start);
    for (int i = 0; i < checks; i++) {
      scripted.then(ALL_GATES.stream().map(g -> pass(g)).toArray(ScriptedGateChecks.Step[]::new));
    }
    return scripted;
  }

  @Test
  void aScheduledRunHasTheNextCheckDueWithTheRunbooksWordsAndTheConfiguredThresholds() {
    Environment env =
        TestEnvironments.prodExample(Map.of("cutover.gates.api_p95.threshold", "<= 300ms"));
    lock(env, LOCKED);

    List<String> names =
        GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name).toList();

    Assertions.assertThat(names)
        .containsExactly(
            "T+15 gate check (check 1 of 3, due T-0 + 15m, before the lock at T-0 + 25m: runs at"
                + " the lock, late, all traffic)",
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
  void aWatchingProcessHasEveryRemainingCheckInOrderEachNamedWithItsOffset() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.watch", "true"));
    lock(env, Instant.parse("2026-12-07T10:10:00Z"));

    Assertions.assertThat(GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name))
        .filteredOn(name -> name.contains("gate check ("))
        .containsExactly(
            "T+15 gate check (check 1 of 3, due T-0 + 15m, all traffic)",
            "T+30 gate check (check 2 of 3, due T-0 + 30m, all traffic)",
            "T+60 gate check (check 3 of 3, due T-0 + 1h, all traffic)");
  }

  @Test
  void aCompressedClockKeepsTheRunbooksLabelsAndNamesTheRealOffsets() {
    Environment env =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.cadence.watch", "true",
                "cutover.cadence.gate_checks_at", "T+15 at 100s, T+30 at 105s, T+60 at 115s"));
    lock(env, T0.plusSeconds(90));

    Assertions.assertThat(GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name))
        .filteredOn(name -> name.contains("gate check ("))
        .containsExactly(
            "T+15 gate check (check 1 of 3, due T-0 + 1m40s, all traffic)",
            "T+30 gate check (check 2 of 3, due T-0 + 1m45s, all traffic)",
            "T+60 gate check (check 3 of 3, due T-0 + 1m55s, all traffic)");
  }

  @Test
  void eachCheckIsDueAtItsOffsetFromT0AndItsLineSaysWhenItRan() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.watch", "true"));
    lock(env, Instant.parse("2026-12-07T10:10:00Z"));
    ScriptedGateChecks checks = passing(env, Instant.parse("2026-12-07T10:10:00Z"), 3);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    List<GateLineReport> reports =
        GateCheckLines.due(env, ledger(env).read())
            .filter(line -> line.name().contains("gate check ("))
            .map(line -> line.run(context, checks))
            .toList();

    Assertions.assertThat(checks.waits)
        .containsExactly(
            "T+15 gate check until 2026-12-07T10:15:00Z",
            "T+30 gate check until 2026-12-07T10:30:00Z",
            "T+60 gate check until 2026-12-07T11:00:00Z");
    Assertions.assertThat(ledger.read().checks(GateCheckLines.PHASE))
        .containsExactly(
            Instant.parse("2026-12-07T10:15:00Z"),
            Instant.parse("2026-12-07T10:30:00Z"),
            Instant.parse("2026-12-07T11:00:00Z"));
    assertThat(reports.get(2).line()).passed();
    Assertions.assertThat(reports.get(2).line().evidence())
        .anySatisfy(
            e ->
                Assertions.assertThat(e.text())
                    .isEqualTo(
                        "T+60 checked at 2026-12-07T11:00:00Z = T-0 + 1h; due"
                            + " 2026-12-07T11:00:00Z (T-0 + 1h)"));
  }

  @Test
  void aCheckDueBeforeTheLockRunsAtTheLockAndSaysItIsLate() {
    Environment env = TestEnvironments.prodExample(Map.of());
    lock(env, LOCKED);
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED.plusSeconds(30))
            .then(
                ALL_GATES.stream()
                    .map(g -> g.equals("api_p95") ? breach(g) : pass(g))
                    .toArray(ScriptedGateChecks.Step[]::new));
    LineContext context = new LineContext(env, null, ledger(env), checks);
    List<GateCheckLine> lines = GateCheckLines.due(env, ledger(env).read()).toList();

    List<GateLineReport> reports = lines.stream().map(line -> line.run(context, checks)).toList();

    Assertions.assertThat(checks.waits)
        .containsExactly("T+15 gate check until 2026-12-07T10:25:00Z");
    Assertions.assertThat(checks.scopes).containsExactly(Scope.ALL);
    assertThat(reports.get(0).line()).passed();
    Assertions.assertThat(reports.get(0).line().evidence().get(0).text())
        .isEqualTo(
            "T+15 checked at 2026-12-07T10:25:30Z = T-0 + 25m30s; due 2026-12-07T10:25:00Z (T-0"
                + " + 15m, before the lock at T-0 + 25m: runs at the lock, late), ran 30s after"
                + " it was due");
    assertThat(reports.get(1).line()).passed();
    assertThat(reports.get(2).line()).failedWith("gate api_p95 is YELLOW");
    assertThat(reports.get(6).line()).passed();
    Assertions.assertThat(reports.get(7).signal()).isEqualTo(Signal.YELLOW);
    assertThat(reports.get(7).line())
        .failedWith("gate check #1 (all) at 2026-12-07T10:25:30Z is YELLOW");
    Assertions.assertThat(ledger.read().checks(GateCheckLines.PHASE)).hasSize(1);
  }

  @Test
  void checksBothDueBeforeALateLockRunAScrapeApart() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.watch", "true"));
    Instant late = Instant.parse("2026-12-07T10:40:00Z");
    lock(env, late);
    ScriptedGateChecks checks = passing(env, late, 2);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    GateCheckLines.due(env, ledger(env).read())
        .filter(line -> !line.name().startsWith("T+60"))
        .forEach(line -> line.run(context, checks));

    Assertions.assertThat(checks.waits)
        .containsExactly(
            "T+15 gate check until 2026-12-07T10:40:00Z",
            "T+30 gate check until 2026-12-07T10:40:15Z");
    Assertions.assertThat(
            new GateSchedule(checks.cadence()).due(ledger.read(), 2).orElseThrow().why())
        .isEqualTo(
            "T-0 + 30m, before the lock at T-0 + 40m: runs at the lock, late, a scrape after the"
                + " previous check");
  }

  @Test
  void aScheduledJobRunsOneCheckPerRunAndTheNextRunContinuesTheCount() {
    Environment env = TestEnvironments.prodExample(Map.of());
    lock(env, Instant.parse("2026-12-07T10:10:00Z"));
    ScriptedGateChecks checks = passing(env, Instant.parse("2026-12-07T10:10:00Z"), 2);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    GateCheckLines.due(env, ledger(env).read()).forEach(line -> line.run(context, checks));
    List<String> second =
        GateCheckLines.due(env, ledger(env).read()).map(GateCheckLine::name).toList();
    GateCheckLines.due(env, ledger(env).read()).forEach(line -> line.run(context, checks));

    Assertions.assertThat(second.get(0))
        .isEqualTo("T+30 gate check (check 2 of 3, due T-0 + 30m, all traffic)");
    Assertions.assertThat(checks.waits)
        .containsExactly(
            "T+15 gate check until 2026-12-07T10:15:00Z",
            "T+30 gate check until 2026-12-07T10:30:00Z");
  }

  @Test
  void withClockFromLockTheOffsetsCountFromTheLock() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.clock_from", "lock"));
    lock(env, LOCKED);
    GateSchedule schedule = new GateSchedule(new CheckCadence(env.cadence()));

    Assertions.assertThat(schedule.due(ledger(env).read(), 1))
        .contains(new GateSchedule.Due(LOCKED.plusSeconds(900), "lock + 15m"));
  }

  @Test
  void afterAFailedCheckTheNextIsDueOnceItsWindowHasMoved() {
    Environment env =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.cadence.gate_checks_at",
                "15m, 16m, 60m",
                "cutover.cadence.watch",
                "true"));
    lock(env, Instant.parse("2026-12-07T10:10:00Z"));
    ScriptedGateChecks checks =
        new ScriptedGateChecks(
                env, ledger(env), GateCheckLines.PHASE, Instant.parse("2026-12-07T10:10:00Z"))
            .then(breach("api_p95"));
    checks.awaitNextCheck(T0.plusSeconds(900), "T+15");
    checks.check(Scope.ALL);
    GateSchedule schedule = new GateSchedule(checks.cadence());

    Assertions.assertThat(schedule.due(ledger.read(), 2))
        .contains(
            new GateSchedule.Due(
                T0.plusSeconds(900).plus(checks.cadence().followUpInterval()),
                "T-0 + 16m, after the failed check at 2026-12-07T10:15:00Z once its rate window"
                    + " has moved"));
  }

  @Test
  void aHeldCanaryHasNoRunbookTimeAndIsCheckedEveryGateIntervalFromTheHold() {
    Environment env = TestEnvironments.prodExample(Map.of());
    Instant held = T0.plusSeconds(600);
    ledger(env)
        .update(
            l ->
                l.withTraffic(new TrafficStep(20, "canary", T0))
                    .withHalt(
                        new HaltRecord(
                            HaltPolicy.HOLD, "canary phase FAILED", 20, "canary", "runner", held)));
    ScriptedGateChecks checks = passing(env, held, 1);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    List<GateCheckLine> lines = GateCheckLines.due(env, ledger(env).read()).toList();
    GateLineReport check = lines.get(0).run(context, checks);

    Assertions.assertThat(lines.get(0).name())
        .isEqualTo(
            "Held canary gate check (check 1 of 3, due gate_interval after the canary was held at"
                + " 20 %, canary HELD at 20 %)");
    Assertions.assertThat(lines.get(1).name()).startsWith("Held canary: 5xx Rate");
    assertThat(check.line()).passed();
    Assertions.assertThat(checks.waits)
        .containsExactly("Held canary gate check until 2026-12-07T10:25:00Z");
    Assertions.assertThat(checks.scopes).containsExactly(Scope.CANARY);
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
  void aLockWithoutT0FailsNamingTheCanaryPhaseOrTheLockClock() {
    Environment env = TestEnvironments.prodExample(Map.of());
    ledger(env).update(l -> l.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, LOCKED)));
    ScriptedGateChecks checks =
        new ScriptedGateChecks(env, ledger(env), GateCheckLines.PHASE, LOCKED);
    LineContext context = new LineContext(env, null, ledger(env), checks);

    GateLineReport check =
        GateCheckLines.due(env, ledger.read()).findFirst().orElseThrow().run(context, checks);

    assertThat(check.line())
        .failedWith(
            "has no T-0 in the ledger",
            "so T+15 has no time to count from",
            "run the canary phase of this attempt, or set cadence.clock_from: lock");
    Assertions.assertThat(checks.scopes).isEmpty();
  }

  @Test
  void whenEveryCheckIsRecordedNothingIsDueAndTheLineSaysSo() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.cadence.gate_checks_at", "15m"));
    lock(env, LOCKED);
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
