package io.intelgraph.cutover.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.PhaseResult.Lines;
import io.intelgraph.cutover.ledger.PhaseResult.Status;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.ledger.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phase table judged from ledgers alone; {@link CutoverWiringTest} proves the refusal fails the
 * build.
 */
public class PhaseTableTest {

  private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  private static final Ledger FRESH = Ledger.start("v1.0.0-GA", T0);

  public static PhaseResult passed(Phase phase) {
    return new PhaseResult(
        phase.tag(),
        "Fixture" + phase.tag(),
        Status.PASSED,
        T0,
        T0,
        new Lines(3, 0, 0, List.of()),
        "3 lines: 3 passed");
  }

  public static Ledger readyForCanary() {
    return readyForCanary(FRESH);
  }

  public static Ledger locked() {
    return locked(FRESH);
  }

  /** Baselines and preflight passed on this ledger. */
  public static Ledger readyForCanary(Ledger ledger) {
    return ledger.withPhase(passed(Phase.BASELINE)).withPhase(passed(Phase.PREFLIGHT));
  }

  /** The run of show up to the ramp's lock, passed, on this ledger. */
  public static Ledger locked(Ledger ledger) {
    return readyForCanary(ledger)
        .withTraffic(new TrafficStep(20, "canary", T0))
        .withPhase(passed(Phase.CANARY))
        .withTraffic(new TrafficStep(100, "ramp", T0.plusSeconds(60)))
        .withTraffic(new TrafficStep(100, TrafficStep.LOCKED, T0.plusSeconds(61)))
        .withPhase(passed(Phase.RAMP));
  }

  @Test
  void everyPhaseHasARow() {
    assertThat(PhaseTable.TABLE).containsOnlyKeys(Phase.values());
  }

  @Test
  void theCanaryNeedsBaselinesAndNamesTheCommandThatTakesThem() {
    Ledger preflightOnly = FRESH.withPhase(passed(Phase.PREFLIGHT));

    assertThat(PhaseTable.refusal(Phase.CANARY, preflightOnly, "prod"))
        .hasValue(
            "refused: the canary phase needs a baseline phase that passed, and attempt %s has none in the ledger; run it first:"
                    .formatted(FRESH.attemptId())
                + " mvn verify -Pcutover -Dcutover.env=prod -Dgroups=baseline");
  }

  @Test
  void theCanaryNeedsAPreflightThatPassedNotOneThatFailed() {
    PhaseResult failed =
        new PhaseResult(
            "preflight",
            "T15PreflightTest",
            Status.FAILED,
            T0,
            T0,
            new Lines(5, 1, 0, List.of()),
            "6 lines: 5 passed, 1 failed; first failure dnsTtl: TTL 3600 s > 1 s");
    Ledger ledger = FRESH.withPhase(passed(Phase.BASELINE)).withPhase(failed);

    assertThat(PhaseTable.refusal(Phase.CANARY, ledger, "sandbox"))
        .hasValue(
            "refused: the canary phase needs a preflight phase that passed, but T15PreflightTest ended FAILED at %s"
                    .formatted(T0)
                + " (6 lines: 5 passed, 1 failed; first failure dnsTtl: TTL 3600 s > 1 s); fix it and run it again:"
                + " mvn verify -Pcutover -Dcutover.env=sandbox -Dgroups=preflight");
  }

  @Test
  void aSkippedPreflightLineRefusesTheCanaryAndSaysWhichLineAndWhy() {
    PhaseResult withSkips =
        new PhaseResult(
            "preflight",
            "T15PreflightTest",
            Status.PASSED_WITH_SKIPS,
            T0,
            T0,
            new Lines(
                5, 0, 1, List.of("'OPA decision p95' aborted: not configured: endpoints.opa")),
            "6 lines: 5 passed, 0 failed, 1 skipped");
    Ledger ledger = FRESH.withPhase(passed(Phase.BASELINE)).withPhase(withSkips);

    assertThat(PhaseTable.refusal(Phase.CANARY, ledger, "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(
                        "ended PASSED_WITH_SKIPS",
                        "skipped: 'OPA decision p95' aborted: not configured: endpoints.opa",
                        "-Dgroups=preflight"));
  }

  @Test
  void theCanaryRunsOnceBaselinesAndPreflightPassed() {
    assertThat(PhaseTable.refusal(Phase.CANARY, readyForCanary(), "prod")).isEmpty();
  }

  @Test
  void theRampNeedsACanaryPhase() {
    assertThat(PhaseTable.refusal(Phase.RAMP, readyForCanary(), "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("refused: the ramp phase needs a canary phase that passed")
                    .endsWith("-Dgroups=canary"));
  }

  @ParameterizedTest
  @EnumSource(names = {"GATE", "KPI", "CLOSEOUT"})
  void phasesAfterTheRampNeedTheLockedFullStep(Phase phase) {
    Ledger atHundredUnlocked =
        readyForCanary()
            .withTraffic(new TrafficStep(20, "canary", T0))
            .withPhase(passed(Phase.CANARY))
            .withTraffic(new TrafficStep(100, "ramp", T0.plusSeconds(60)));

    assertThat(PhaseTable.refusal(phase, atHundredUnlocked, "prod"))
        .hasValue(
            ("refused: the %s phase needs the ramp's locked 100 %% step, but attempt %s has its last traffic step is 100 %% (ramp, since %s);"
                    + " run the ramp to its lock first: mvn verify -Pcutover -Dcutover.env=prod -Dgroups=ramp")
                .formatted(phase.tag(), FRESH.attemptId(), T0.plusSeconds(60)));
    assertThat(PhaseTable.refusal(phase, FRESH, "prod"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("has no traffic step at all"));
    assertThat(PhaseTable.refusal(phase, locked(), "prod")).isEmpty();
  }

  @Test
  void evidenceMayAlwaysRunEvenAfterARollback() {
    Ledger rolledBack =
        locked()
            .withRollback(
                RollbackRecord.executing(
                    "api_p95 RED",
                    "GateCheckTest#t15",
                    io.intelgraph.cutover.ledger.RollbackLease.grant(
                        "runner-1", T0.plusSeconds(90), java.time.Duration.ofMinutes(1)),
                    false,
                    T0.plusSeconds(90)));

    assertThat(PhaseTable.refusal(Phase.EVIDENCE, FRESH, "prod")).isEmpty();
    assertThat(PhaseTable.refusal(Phase.EVIDENCE, rolledBack, "prod")).isEmpty();
    assertThat(PhaseTable.refusal(Phase.GATE, rolledBack, "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("refused: release v1.0.0-GA was rolled back")
                    .endsWith("start a new attempt with -Dcutover.attempt=new"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Phase.class,
      names = {"RAMP", "GATE", "KPI", "CLOSEOUT"})
  void everyLaterPhaseIsRefusedAfterAnUnhealthyRollbackWithWhatIsStillWrong(Phase phase) {
    String stillWrong =
        "error_ratio_5xx[stable] YELLOW BREACH (window 15s since the switch): 5xx ratio (stable) 21.58 % > 1 %";
    RollbackRecord unhealthy =
        RollbackRecord.executing(
                "error_ratio_5xx RED",
                "RampTest#rampStep",
                RollbackLease.grant("runner-1", T0.plusSeconds(90), Duration.ofMinutes(1)),
                false,
                T0.plusSeconds(90))
            .finished(
                new Verification(
                    true, List.of("canary weight 0 on ingress: ok"), T0.plusSeconds(91)),
                Optional.of(
                    StableRecovery.unhealthy(
                        T0.plusSeconds(91),
                        T0.plusSeconds(121),
                        Duration.ofSeconds(30),
                        List.of(),
                        List.of(stillWrong))),
                T0.plusSeconds(121));

    assertThat(PhaseTable.refusal(phase, locked().withRollback(unhealthy), "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "refused: release v1.0.0-GA was rolled back, rollback DONE_UNHEALTHY")
                    .contains(
                        "stable still UNHEALTHY 30 s after the switch",
                        "The traffic is back on stable, but stable was not proven healthy: "
                            + stillWrong)
                    .endsWith("start a new attempt with -Dcutover.attempt=new"));
  }

  @Test
  void baselinesAreRefusedOnceTrafficMovedWithTheWayToStartAgain() {
    Ledger moved = FRESH.withTraffic(new TrafficStep(100, TrafficStep.LOCKED, T0));

    assertThat(PhaseTable.refusal(Phase.BASELINE, moved, "prod"))
        .hasValue(
            "refused: the baseline phase comes before the traffic moves past it, but attempt %s already has the canary at 100 %% (locked, since %s);"
                    .formatted(moved.attemptId(), T0)
                + " start a new attempt with -Dcutover.attempt=new");
  }

  @Test
  void theCanaryStepIsRefusedOnceTheRampMovedPastItButMayBeRetriedBefore() {
    Ledger atCanary = readyForCanary().withTraffic(new TrafficStep(20, "canary", T0));
    Ledger ramped = atCanary.withTraffic(new TrafficStep(40, "ramp", T0.plusSeconds(60)));

    assertThat(PhaseTable.refusal(Phase.CANARY, atCanary, "prod")).isEmpty();
    assertThat(PhaseTable.refusal(Phase.CANARY, ramped, "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("refused: the canary phase comes before the traffic moves past it")
                    .contains("canary at 40 % (ramp, since"));
  }

  @Test
  void preflightIsRefusedOnceTrafficMoved() {
    Ledger atCanary = FRESH.withTraffic(new TrafficStep(20, "canary", T0));

    assertThat(PhaseTable.refusal(Phase.PREFLIGHT, atCanary, "prod"))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "refused: the preflight phase comes before the traffic moves past it"));
  }

  @ParameterizedTest
  @MethodSource("firstPhases")
  void baselinesAndPreflightRunOnAnAttemptThatMovedNothing(Phase phase) {
    assertThat(PhaseTable.refusal(phase, FRESH, "prod")).isEmpty();
  }

  static Stream<Phase> firstPhases() {
    return Stream.of(Phase.BASELINE, Phase.PREFLIGHT);
  }

  @Test
  void aHeldCanaryStandsInForTheLockForTheGatePhaseOnly() {
    Ledger failedAt20 =
        readyForCanary()
            .withTraffic(new TrafficStep(20, "canary", T0))
            .withPhase(
                new PhaseResult(
                    "canary",
                    "FixtureCanary",
                    Status.FAILED,
                    T0,
                    T0.plusSeconds(30),
                    new Lines(2, 1, 0, List.of()),
                    "3 lines"));
    Ledger held =
        failedAt20.withHalt(
            new io.intelgraph.cutover.ledger.HaltRecord(
                io.intelgraph.cutover.config.HaltPolicy.HOLD,
                "the canary phase ended FAILED",
                20,
                "canary",
                "runner-1",
                T0.plusSeconds(31)));

    assertThat(PhaseTable.refusal(Phase.GATE, failedAt20, "prod"))
        .as("not held")
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("refused: the gate phase needs the ramp's locked 100 % step"));
    assertThat(PhaseTable.refusal(Phase.GATE, held, "prod")).as("held at 20 %").isEmpty();
    assertThat(PhaseTable.refusal(Phase.KPI, held, "prod"))
        .as("the KPI watch still needs the release at 100 %")
        .isPresent();
    assertThat(PhaseTable.refusal(Phase.CLOSEOUT, held, "prod")).isPresent();
  }
}
