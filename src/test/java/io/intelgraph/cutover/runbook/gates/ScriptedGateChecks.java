package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateCheckRun;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.LedgerGateHistory;
import io.intelgraph.cutover.ledger.LedgerStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The phase's gate checks for the lines' unit tests: a real {@link GateCheckRun} over the ledger
 * (numbering, streaks and verdicts are the product's), fed by a script of outcomes instead of
 * Prometheus, on a clock that a wait moves to its due time at once.
 */
final class ScriptedGateChecks extends Clock implements PhaseGateChecks {

  /** One gate's outcome in one scripted check. */
  record Step(String gate, Outcome outcome, boolean critical) {
    static Step pass(String gate) {
      return new Step(gate, Outcome.PASS, false);
    }

    static Step breach(String gate) {
      return new Step(gate, Outcome.BREACH, false);
    }
  }

  final Deque<List<Step>> script = new ArrayDeque<>();
  final List<String> waits = new ArrayList<>();
  final List<Scope> scopes = new ArrayList<>();
  private final GateCheckRun run;
  private Instant now;

  ScriptedGateChecks(Environment environment, LedgerStore ledger, String phase, Instant start) {
    this.now = start;
    GateCheckRun.GateSource source =
        (scope, at, baselines) -> {
          scopes.add(scope);
          return script.pop().stream()
              .map(step -> evaluation(step, scope, at).withShadow(shadow(environment, step)))
              .toList();
        };
    this.run =
        new GateCheckRun(
            environment, new LedgerGateHistory(ledger), phase, source, report -> {}, this);
  }

  /** The next check sees these gates. */
  ScriptedGateChecks then(Step... steps) {
    script.add(List.of(steps));
    return this;
  }

  @Override
  public GateReport check(Scope scope) {
    return run.check(scope);
  }

  @Override
  public GateReport decide(Scope scope, String where) {
    return run.checkUntilDecided(scope, where, this::awaitNextCheck);
  }

  @Override
  public void awaitNextCheck(Instant due, String alias) {
    waits.add(alias + " until " + due);
    if (due.isAfter(now)) now = due;
  }

  @Override
  public CheckCadence cadence() {
    return run.cadence();
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /** As the environment says, like a live evaluation takes it from the gate's spec. */
  private static boolean shadow(Environment environment, Step step) {
    var spec = environment.gates().get(step.gate());
    return spec != null && spec.shadow();
  }

  private static GateEvaluation evaluation(Step step, Scope scope, Instant at) {
    OptionalDouble value =
        step.outcome() == Outcome.PASS
            ? OptionalDouble.of(0.2)
            : step.outcome() == Outcome.BREACH ? OptionalDouble.of(0.41) : OptionalDouble.empty();
    return new GateEvaluation(
        step.gate(),
        scope,
        step.critical(),
        at,
        step.outcome(),
        value,
        Threshold.parse("<= 350ms"),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "%s %s at %s".formatted(step.gate(), step.outcome(), at),
        List.of(new Evidence("value", "q", "{}")));
  }
}
