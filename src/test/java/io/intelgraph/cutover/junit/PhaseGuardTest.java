package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhaseGuardTest {

  private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");

  @Test
  void baselinesAreRefusedOnceTrafficMovedWithTheWayToStartAgain() {
    Ledger moved = Ledger.start("v1.0.0-GA", T0).withTraffic(new TrafficStep(100, "locked", T0));

    assertThat(PhaseGuard.prerequisiteMissing(Phase.BASELINE, moved)).hasValue(
        "refused: the baseline phase comes before the traffic moves past it, but attempt %s already has the canary at 100 %% (locked, since %s);"
            .formatted(moved.attemptId(), T0) + " start a new attempt with -Dcutover.attempt=new");
  }

  @Test
  void theCanaryStepIsRefusedOnceTheRampMovedPastItButMayBeRetriedBefore() {
    Ledger atCanary = Ledger.start("v1.0.0-GA", T0).withTraffic(new TrafficStep(20, "canary", T0));
    Ledger ramped = atCanary.withTraffic(new TrafficStep(40, "ramp", T0.plusSeconds(60)));

    assertThat(PhaseGuard.prerequisiteMissing(Phase.CANARY, atCanary)).isEmpty();
    assertThat(PhaseGuard.prerequisiteMissing(Phase.CANARY, ramped)).hasValueSatisfying(reason ->
        assertThat(reason).startsWith("refused: the canary phase comes before the traffic moves past it")
            .contains("canary at 40 % (ramp, since"));
  }

  @Test
  void preflightIsRefusedOnceTrafficMoved() {
    Ledger atCanary = Ledger.start("v1.0.0-GA", T0).withTraffic(new TrafficStep(20, "canary", T0));

    assertThat(PhaseGuard.prerequisiteMissing(Phase.PREFLIGHT, atCanary)).hasValueSatisfying(reason ->
        assertThat(reason).startsWith("refused: the preflight phase comes before the traffic moves past it"));
  }

  @Test
  void baselinesRunOnAnAttemptThatMovedNothing() {
    assertThat(PhaseGuard.prerequisiteMissing(Phase.BASELINE, Ledger.start("v1.0.0-GA", T0))).isEmpty();
  }

  @Test
  void theRampNeedsACanaryPhase() {
    Ledger fresh = Ledger.start("v1.0.0-GA", T0);

    assertThat(PhaseGuard.prerequisiteMissing(Phase.RAMP, fresh)).hasValueSatisfying(reason ->
        assertThat(reason).startsWith("refused: the ramp phase needs a canary phase that passed"));
  }
}
