package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.GateChecks;
import io.intelgraph.cutover.junit.RampPhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.canary.GoldenTransactions;
import io.intelgraph.cutover.runbook.canary.TrafficWeight;
import io.intelgraph.cutover.runbook.gates.GateCheckLine;
import io.intelgraph.cutover.runbook.ramp.LockedConfiguration;
import io.intelgraph.cutover.runbook.ramp.RampLines;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * T-0 Phase 2 and 3 of the run of show: the traffic ramp (40 %, 60 %, 80 %), then full traffic,
 * locked to production configuration. The lines are {@link GateCheckLine}s ({@link RampLines}); the
 * ramp runs only after a canary phase that passed (the phase guard refuses it otherwise, with the
 * reason).
 */
@RampPhase
@DisplayName("T-0 Phase 2/3: traffic ramp and full traffic cutover")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RampTest {

  static Stream<GateCheckLine> rampLines(Environment environment) {
    return RampLines.intermediateSteps(
        environment, GoldenTransactions.once(() -> GoldenSuite.forEnvironment(environment)));
  }

  /**
   * The runbook's lines of every intermediate step (40, 60, 80 %), one invocation per line, in
   * order: a step's lines run together before the next step.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rampLines")
  @Order(1)
  @Blocking
  @DisplayName("Phase 2: traffic ramp sequence")
  void rampStep(GateCheckLine line, LineContext context, GateChecks checks) {
    assertThat(GateChecks.enforce(line.run(context, checks))).passed();
  }

  @Test
  @Order(2)
  @Blocking
  @DisplayName("100% traffic active")
  void fullTrafficActive(LineContext context, GateChecks checks) {
    assertThat(TrafficWeight.rampStep(100).run(context)).passed();
    assertThat(GateChecks.enforce(RampLines.fullTrafficGates().run(context, checks))).passed();
  }

  @Test
  @Order(3)
  @Blocking
  @DisplayName(
      "Canary mode disabled: Locked to production configuration (helm upgrade {deploy.helm_release}"
          + " deployed with {deploy.lock_value_path}={deploy.lock_value}, canary 100 %, others 0,"
          + " ledger step 'locked')")
  void lockedToProductionConfiguration(LineContext context) {
    assertThat(new LockedConfiguration().run(context)).passed();
  }

  @Test
  @Order(4)
  @DisplayName("Final SLO validation: All metrics within targets")
  void finalSloValidation(LineContext context, GateChecks checks) {
    assertThat(GateChecks.enforce(RampLines.finalSloValidation().run(context, checks))).passed();
  }
}
