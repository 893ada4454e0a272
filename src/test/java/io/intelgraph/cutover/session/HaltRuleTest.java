package io.intelgraph.cutover.session;

import static io.intelgraph.cutover.session.HaltRule.Action.HOLD;
import static io.intelgraph.cutover.session.HaltRule.Action.NOTHING;
import static io.intelgraph.cutover.session.HaltRule.Action.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.intelgraph.cutover.config.HaltPolicy;
import io.intelgraph.cutover.ledger.HaltRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.PhaseResult.Lines;
import io.intelgraph.cutover.ledger.PhaseResult.Status;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficOwner;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The halt rule as its table: owning phase's result x canary weight x lock x policy -> action. */
class HaltRuleTest {

  private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  private static final Instant NOW = T0.plusSeconds(600);
  private static final Duration LEASE = Duration.ofMinutes(1);

  static PhaseResult result(Phase phase, Status status, Instant finished) {
    return switch (status) {
      case PASSED ->
          new PhaseResult(
              phase.tag(),
              "Fixture",
              status,
              T0,
              finished,
              new Lines(3, 0, 0, List.of()),
              "3 lines: 3 passed");
      case PASSED_WITH_SKIPS ->
          new PhaseResult(
              phase.tag(),
              "Fixture",
              status,
              T0,
              finished,
              new Lines(2, 0, 1, List.of("'opa' disabled")),
              "3 lines: 2 passed, 0 failed, 1 skipped");
      case FAILED ->
          new PhaseResult(
              phase.tag(),
              "Fixture",
              status,
              T0,
              finished,
              new Lines(2, 1, 0, List.of()),
              "3 lines: 2 passed, 1 failed, 0 skipped; first failure subscription: no event within 5 s");
      case SKIPPED ->
          new PhaseResult(
              phase.tag(),
              "Fixture",
              status,
              T0,
              finished,
              new Lines(0, 0, 1, List.of("'golden' aborted")),
              "1 lines: 0 passed, 0 failed, 1 skipped");
      case BROKEN, REFUSED ->
          new PhaseResult(
              phase.tag(), "Fixture", status, T0, finished, status + " outside its lines");
    };
  }

  /** The canary phase set 20 % at T0+10 s and then ended with {@code status}. */
  static Ledger canaryAt20(Status status) {
    return PhaseTableTest.readyForCanary()
        .withTraffic(new TrafficStep(20, "canary", T0.plusSeconds(10)))
        .withPhase(result(Phase.CANARY, status, T0.plusSeconds(60)));
  }

  /**
   * The canary passed at 20 %, the ramp set {@code percent} (as {@code stepName}) and ended with
   * {@code status}.
   */
  static Ledger rampAt(int percent, String stepName, Status status) {
    return canaryAt20(Status.PASSED)
        .withTraffic(new TrafficStep(percent, stepName, T0.plusSeconds(120)))
        .withPhase(result(Phase.RAMP, status, T0.plusSeconds(180)));
  }

  /**
   * The ramp set 40 % and has no result: its runner holds (or held) the traffic owner lease until
   * {@code expiry}.
   */
  static Ledger rampRunningUntil(Optional<Instant> expiry) {
    Ledger ledger =
        canaryAt20(Status.PASSED).withTraffic(new TrafficStep(40, "ramp", T0.plusSeconds(120)));
    return expiry
        .map(
            e ->
                ledger.withTrafficOwner(
                    Optional.of(
                        new TrafficOwner(
                            "ramp", new RollbackLease("4711@ci-7/ramp", e.minus(LEASE), e)))))
        .orElse(ledger);
  }

  static Stream<Arguments> table() {
    UnaryOperator<Ledger> rolledBack =
        l ->
            l.withRollback(
                RollbackRecord.executing(
                    "api_p95 RED",
                    "GateCheckTest#verdict",
                    RollbackLease.grant("4711@ci-7", NOW, LEASE),
                    false,
                    NOW));
    UnaryOperator<Ledger> held =
        l ->
            l.withHalt(
                new HaltRecord(
                    HaltPolicy.HOLD,
                    "canary FAILED",
                    20,
                    "canary",
                    "4711@ci-7",
                    T0.plusSeconds(61)));
    return Stream.of(
        // canary weight 0 or the locked 100 %: nothing to halt, whatever the phases did
        arguments(
            "no traffic moved",
            PhaseTableTest.readyForCanary().withPhase(result(Phase.CANARY, Status.FAILED, T0)),
            HaltPolicy.ROLLBACK,
            NOTHING),
        arguments("locked 100 %", PhaseTableTest.locked(), HaltPolicy.ROLLBACK, NOTHING),
        arguments(
            "locked 100 %, a later phase failed",
            PhaseTableTest.locked().withPhase(result(Phase.GATE, Status.FAILED, NOW)),
            HaltPolicy.HOLD,
            NOTHING),
        // the canary's 20 %: only a canary phase that passed leaves it for the next job
        arguments("canary PASSED at 20 %", canaryAt20(Status.PASSED), HaltPolicy.ROLLBACK, NOTHING),
        arguments(
            "canary PASSED_WITH_SKIPS at 20 %",
            canaryAt20(Status.PASSED_WITH_SKIPS), HaltPolicy.ROLLBACK, ROLLBACK),
        arguments(
            "canary FAILED at 20 %", canaryAt20(Status.FAILED), HaltPolicy.ROLLBACK, ROLLBACK),
        arguments("canary FAILED at 20 %, hold", canaryAt20(Status.FAILED), HaltPolicy.HOLD, HOLD),
        arguments(
            "canary BROKEN at 20 %", canaryAt20(Status.BROKEN), HaltPolicy.ROLLBACK, ROLLBACK),
        arguments(
            "canary SKIPPED at 20 %, hold", canaryAt20(Status.SKIPPED), HaltPolicy.HOLD, HOLD),
        arguments(
            "canary PASSED at 20 %, a re-run of it REFUSED",
            canaryAt20(Status.PASSED).withPhase(result(Phase.CANARY, Status.REFUSED, NOW)),
            HaltPolicy.ROLLBACK,
            NOTHING),
        arguments(
            "canary FAILED at 20 %, a re-run of it REFUSED",
            canaryAt20(Status.FAILED).withPhase(result(Phase.CANARY, Status.REFUSED, NOW)),
            HaltPolicy.ROLLBACK,
            ROLLBACK),
        arguments(
            "canary FAILED at 20 % while another runner's canary runs",
            canaryAt20(Status.FAILED)
                .withTrafficOwner(
                    Optional.of(
                        new TrafficOwner(
                            "canary", RollbackLease.grant("4711@ci-8/canary", NOW, LEASE)))),
            HaltPolicy.ROLLBACK,
            NOTHING),
        // the ramp's steps: one that never settles, a 100 % that never locked
        arguments(
            "ramp FAILED at 40 %",
            rampAt(40, "ramp", Status.FAILED), HaltPolicy.ROLLBACK, ROLLBACK),
        arguments(
            "ramp FAILED at 40 %, hold", rampAt(40, "ramp", Status.FAILED), HaltPolicy.HOLD, HOLD),
        arguments(
            "ramp FAILED at an unlocked 100 %",
            rampAt(100, "ramp", Status.FAILED), HaltPolicy.ROLLBACK, ROLLBACK),
        arguments(
            "ramp PASSED at an unlocked 100 %",
            rampAt(100, "ramp", Status.PASSED), HaltPolicy.ROLLBACK, NOTHING),
        // the owning phase has no result since its step: still running, or its runner died
        arguments(
            "ramp running, lease live",
            rampRunningUntil(Optional.of(NOW.plusSeconds(30))),
            HaltPolicy.ROLLBACK,
            NOTHING),
        arguments(
            "ramp runner died, lease expired",
            rampRunningUntil(Optional.of(NOW.minusSeconds(1))),
            HaltPolicy.ROLLBACK,
            ROLLBACK),
        arguments(
            "ramp runner died, lease expired, hold",
            rampRunningUntil(Optional.of(NOW.minusSeconds(1))),
            HaltPolicy.HOLD,
            HOLD),
        arguments(
            "ramp without a result and no lease",
            rampRunningUntil(Optional.empty()),
            HaltPolicy.ROLLBACK,
            ROLLBACK),
        arguments(
            "canary result older than its step",
            PhaseTableTest.readyForCanary()
                .withPhase(result(Phase.CANARY, Status.PASSED, T0))
                .withTraffic(new TrafficStep(20, "canary", T0.plusSeconds(10))),
            HaltPolicy.ROLLBACK,
            ROLLBACK),
        // already dealt with: the rollback owns the traffic, or the canary is held at this weight
        arguments(
            "canary FAILED, already rolled back",
            rolledBack.apply(canaryAt20(Status.FAILED)),
            HaltPolicy.ROLLBACK,
            NOTHING),
        arguments(
            "canary FAILED, already held",
            held.apply(canaryAt20(Status.FAILED)),
            HaltPolicy.HOLD,
            NOTHING),
        arguments(
            "canary FAILED, already held, policy now rollback",
            held.apply(canaryAt20(Status.FAILED)),
            HaltPolicy.ROLLBACK,
            NOTHING));
  }

  @ParameterizedTest(name = "{0}, on_halt {2} -> {3}")
  @MethodSource("table")
  void decidesByTheOwningPhaseTheWeightAndThePolicy(
      String row, Ledger ledger, HaltPolicy policy, HaltRule.Action expected) {
    HaltRule.Decision decision = HaltRule.decide(ledger, policy, NOW);

    assertThat(decision.action()).as("%s: %s", row, decision.reason()).isEqualTo(expected);
  }

  @Test
  void aFailedCanaryIsNamedWithItsResultAndTheWeightItLeft() {
    HaltRule.Decision decision =
        HaltRule.decide(canaryAt20(Status.FAILED), HaltPolicy.ROLLBACK, NOW);

    assertThat(decision.reason())
        .isEqualTo(
            "the canary phase ended FAILED at 2026-11-27T15:01:00Z (3 lines: 2 passed, 1 failed, 0 skipped;"
                + " first failure subscription: no event within 5 s), leaving the canary at 20 % short of the locked 100 %");
    assertThat(decision.canaryPercent()).isEqualTo(20);
    assertThat(decision.phase()).isEqualTo("canary");
  }

  @Test
  void aRunnerThatDiedIsNamedWithItsExpiredLease() {
    HaltRule.Decision decision =
        HaltRule.decide(rampRunningUntil(Optional.of(NOW.minusSeconds(1))), HaltPolicy.HOLD, NOW);

    assertThat(decision.reason())
        .isEqualTo(
            "the ramp phase that set 40 % at 2026-11-27T15:02:00Z ended without a result: its runner died"
                + " (lease of 4711@ci-7/ramp expired at 2026-11-27T15:09:59Z), leaving the canary at 40 % short of the locked 100 %");
  }

  @Test
  void aLiveRunnerIsLeftToFinish() {
    HaltRule.Decision decision =
        HaltRule.decide(
            rampRunningUntil(Optional.of(NOW.plusSeconds(30))), HaltPolicy.ROLLBACK, NOW);

    assertThat(decision.reason())
        .isEqualTo(
            "the ramp phase that set 40 % is still running on 4711@ci-7/ramp (lease until 2026-11-27T15:10:30Z)");
  }

  @Test
  void aHoldLastsUntilTheTrafficMovesOrTheAttemptIsRolledBack() {
    Ledger held =
        canaryAt20(Status.FAILED)
            .withHalt(
                new HaltRecord(
                    HaltPolicy.HOLD,
                    "canary FAILED",
                    20,
                    "canary",
                    "4711@ci-7",
                    T0.plusSeconds(61)));

    assertThat(held.heldCanary()).as("held at 20 %").isPresent();
    assertThat(held.withTraffic(new TrafficStep(0, "canary", NOW)).heldCanary())
        .as("after the weight moved")
        .isEmpty();
    assertThat(
            held.withRollback(
                    RollbackRecord.executing(
                        "by hand",
                        "alice (by hand)",
                        RollbackLease.grant("alice", NOW, LEASE),
                        false,
                        NOW))
                .heldCanary())
        .as("after a rollback")
        .isEmpty();
    assertThat(
            canaryAt20(Status.FAILED)
                .withHalt(
                    new HaltRecord(HaltPolicy.ROLLBACK, "canary FAILED", 20, "canary", "x", NOW))
                .heldCanary())
        .as("a halt that rolled back holds nothing")
        .isEmpty();
  }

  @Test
  void onlyTheCanaryAndTheRampOwnTraffic() {
    assertThat(Stream.of(Phase.values()).filter(HaltRule::ownsTraffic))
        .containsExactly(Phase.CANARY, Phase.RAMP);
  }
}
