package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.sandbox.SandboxTest;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A canary that regresses while staying under every absolute threshold, against the sandbox's real
 * Prometheus: two consecutive checks with compare_with_stable are RED, the same checks without it
 * are GREEN. One sandbox per regression ({@link CanarySlowerThanStableIT}, {@link
 * CanaryErrorsAboveStableIT}), so the two run side by side in the integration tests' JVMs.
 */
// the canary at 20 %: the cutover's T-0 step
@SandboxTest(canaryPercent = 20)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StableComparisonSandbox {

  SandboxResource rig;

  @BeforeAll
  void start(SandboxResource rig) {
    this.rig = rig;
  }

  final void judgedRedOnlyWithTheRule(
      Fault fault, String name, StableComparisonSpec rule, Duration window) {
    GateSpec plain = rig.environment().gates().get(name);
    GateSpec compared =
        new GateSpec(
            plain.name(),
            plain.description(),
            plain.query(),
            plain.threshold(),
            plain.maxAboveBaseline(),
            plain.trafficQuery(),
            plain.minTraffic(),
            plain.freshnessQuery(),
            plain.maxStaleness(),
            plain.critical(),
            plain.alertRules(),
            Optional.of(rule));
    Gate without = gate(plain, window);
    Gate with = gate(compared, window);
    rig.sandbox().faults().activate(fault);
    // the whole comparison window must hold the fault, plus a scrape or two
    BoundedWait.named(fault.scenario() + " filling the rate window")
        .soak(window.plus(rig.environment().cadence().scrapeInterval().multipliedBy(3)));

    Instant first = Instant.now();
    List<GateEvaluation> firstCheck =
        rig.evaluator().evaluateAll(List.of(with, without), first, Baselines.none());
    BoundedWait.named("the next gate check").soak(rig.environment().cadence().gateInterval());
    Instant second = Instant.now();
    List<GateEvaluation> secondCheck =
        rig.evaluator().evaluateAll(List.of(with, without), second, Baselines.none());

    GateVerdict withRule = verdict(List.of(firstCheck.get(0), secondCheck.get(0)));
    GateVerdict withoutRule = verdict(List.of(firstCheck.get(1), secondCheck.get(1)));
    assertThat(withoutRule.verdict())
        .as(
            "without the comparison: %s / %s",
            firstCheck.get(1).detail(), secondCheck.get(1).detail())
        .isEqualTo(Verdict.GREEN);
    assertThat(firstCheck.get(0).outcome())
        .as(firstCheck.get(0).detail())
        .isEqualTo(Outcome.BREACH);
    assertThat(secondCheck.get(0).outcome())
        .as(secondCheck.get(0).detail())
        .isEqualTo(Outcome.BREACH);
    long samples = window.dividedBy(rig.environment().cadence().scrapeInterval()) + 1;
    assertThat(secondCheck.get(0).detail())
        .contains(
            "meets its absolute threshold but fails the comparison with stable (gates.%s.compare_with_stable): canary worse than stable: canary "
                .formatted(name),
            "Mann-Whitney U over %d canary and %d stable samples".formatted(samples, samples));
    assertThat(withRule.verdict()).isEqualTo(Verdict.RED);
    assertThat(withRule.reason()).isEqualTo("second consecutive failure: RED");
  }

  private Gate gate(GateSpec spec, Duration window) {
    return Gate.resolve(
        spec,
        Scope.CANARY,
        window,
        rig.environment().cadence().scrapeInterval(),
        rig.environment().prometheus().selectors());
  }

  private GateVerdict verdict(List<GateEvaluation> history) {
    return VerdictRules.decide(
        history,
        VerdictRules.Rules.from(rig.environment().cadence()),
        history.get(history.size() - 1).evaluatedAt());
  }
}
