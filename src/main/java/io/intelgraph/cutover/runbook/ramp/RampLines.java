package io.intelgraph.cutover.runbook.ramp;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.golden.GoldenSuite;
import io.intelgraph.cutover.runbook.canary.GoldenTransactions;
import io.intelgraph.cutover.runbook.canary.SecurityGoldens;
import io.intelgraph.cutover.runbook.canary.TrafficWeight;
import io.intelgraph.cutover.runbook.gates.DecidedChecks;
import io.intelgraph.cutover.runbook.gates.GateCheckLine;
import io.intelgraph.cutover.runbook.gates.GateCheckLines;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * T-0 Phase 2 and 3 of the run of show as {@link GateCheckLine}s: the traffic ramp (40 %, 60 %, 80
 * %), then full traffic.
 *
 * <p>Every step moves the canary's weight (drive mode) or waits for someone else to (observe mode),
 * records the step in the ledger, soaks for {@code cadence.soak} (at least one rate window plus two
 * scrapes, {@link CheckCadence#soak()}, so the step is judged on its own traffic, not partly on the
 * previous step's or on the security goldens' deliberate 401s) and judges the canary's gates. A
 * YELLOW means keep watching and change nothing: the step is judged again after the follow-up
 * interval and does not advance until it is GREEN; a second consecutive failure is RED and rolls
 * back.
 */
public final class RampLines {

  private static final String P95 = "api_p95";
  private static final String ERRORS = "error_ratio_5xx";

  private RampLines() {}

  /**
   * Each intermediate step's lines ({@code cadence.ramp_steps} below 100) in the runbook's order
   * (traffic, gates, SLO, 5xx), the policy engine, then the goldens; a step's lines must run
   * together, in order, before the next step.
   */
  public static Stream<GateCheckLine> intermediateSteps(
      Environment environment, Supplier<GoldenSuite> goldens) {
    DecidedChecks decided = new DecidedChecks();
    return environment.cadence().rampSteps().stream()
        .filter(step -> step < 100)
        .flatMap(percent -> step(environment, percent, decided, goldens));
  }

  private static Stream<GateCheckLine> step(
      Environment environment, int percent, DecidedChecks decided, Supplier<GoldenSuite> goldens) {
    return Stream.of(
        GateCheckLine.of("%d%% traffic active".formatted(percent), TrafficWeight.rampStep(percent)),
        canaryGates(
            "Canary gates at %d%%: soak, then GREEN (YELLOW: keep watching, change nothing)"
                .formatted(percent),
            decided,
            percent),
        GateCheckLine.gatesGreen(
            "SLO validation at %d%%: API p95 %s"
                .formatted(percent, GateCheckLines.threshold(environment, P95)),
            decided,
            percent,
            P95),
        GateCheckLine.gatesGreen(
            "Error rate check at %d%%: 5xx %s"
                .formatted(percent, GateCheckLines.threshold(environment, ERRORS)),
            decided,
            percent,
            ERRORS),
        GateCheckLine.policyEngine(
            "Policy engine at %d%%: OPA decisions answered, the release's bundle activated"
                    .formatted(percent)
                + " (critical)",
            decided,
            percent),
        GateCheckLine.of(
            "Golden transactions at %d%%: OIDC login, entity write, 3-hop query, subscription"
                .formatted(percent),
            GoldenTransactions.all(goldens)),
        new GateCheckLine(
            "Security goldens at %d%%: forged tokens rejected, tenants isolated (critical)"
                .formatted(percent),
            SecurityGoldens.of(goldens)));
  }

  /** "100% traffic active": the canary's gates at full traffic, soaked and decided. */
  public static GateCheckLine fullTrafficGates() {
    return canaryGates("Canary gates at 100%", new DecidedChecks(), 100);
  }

  /**
   * "Final SLO validation: All metrics within targets": every gate over all traffic, decided (a
   * YELLOW followed up), GREEN.
   */
  public static GateCheckLine finalSloValidation() {
    return GateCheckLine.decide(
        "Final SLO validation",
        new DecidedChecks(),
        100,
        Scope.ALL,
        "final SLO validation (all traffic)",
        Duration.ZERO);
  }

  /** The canary's gates at this step, after the soak: a YELLOW is followed up, RED rolls back. */
  private static GateCheckLine canaryGates(String name, DecidedChecks decided, int percent) {
    return new GateCheckLine(
        name,
        (context, checks) ->
            GateCheckLine.decide(
                    name,
                    decided,
                    percent,
                    Scope.CANARY,
                    "canary at %d %%".formatted(percent),
                    checks.cadence().soak())
                .run(context, checks));
  }
}
