package io.intelgraph.cutover.runofshow;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.support.Excerpts;
import java.time.Instant;

/** What the run-of-show checks share: one gate evaluated now, and its evidence as one message. */
final class Observed {

  private Observed() {}

  /**
   * Evaluates the configured gate {@code name} on {@code scope} now, judging {@code
   * max_above_baseline} against {@code baselines}; a gate missing from the environment is a
   * failure.
   */
  static GateEvaluation gate(Environment env, String name, Scope scope, Baselines baselines) {
    GateSpec spec = env.gates().get(name);
    if (spec == null) {
      throw new AssertionError("the runbook line needs it: " + env.whyNoGate(name));
    }
    Gate gate = Gate.resolve(spec, scope, env.cadence().rateWindow(), env.prometheus().selectors());
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(env)) {
      return evaluator.evaluate(gate, Instant.now(), baselines);
    }
  }

  /**
   * A runbook line on the policy engine gate runs where the gate is judged; with {@code
   * preflight.opa_gate.enabled: false} it is skipped, saying so (a decision of the environment, not
   * a pass).
   */
  static void policyEngineJudged(Environment env) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        env.preflight().opaGate().enabled(),
        () ->
            ("preflight.opa_gate.enabled is false in environment %s:"
                    + " the policy engine is not judged after T-15, so the runbook's RED \"OPA failure\" is not watched live; set it to true to judge it")
                .formatted(env.name()));
  }

  /**
   * The baselines T-30 recorded in this attempt's ledger, for gates resolved with this
   * environment's rate window.
   */
  static Baselines baselines(Environment env, LedgerStore ledger) {
    return ledger
        .read()
        .baselinesFor(ledger.location(), env.cadence().rateWindow(), Baselines.RUN_BASELINE_PHASE);
  }

  /**
   * The evaluation as evidence: outcome, value vs threshold, time, detail, query and raw answer.
   */
  static String describe(GateEvaluation e) {
    return "%s (%s) at %s: %s, value %s, threshold %s; %s; query: %s; answer: %s"
        .formatted(
            e.gate(),
            e.scope().label(),
            e.evaluatedAt(),
            e.outcome(),
            e.value().isPresent() ? e.unit().format(e.value().getAsDouble()) : "none",
            e.threshold(),
            e.detail(),
            e.query(),
            Excerpts.of(e.rawAnswer(), 300));
  }

  /** The ledger's short unit name for a baseline held in the gate's base unit. */
  static String unitName(Unit unit) {
    return switch (unit) {
      case SECONDS -> "s";
      case RATIO -> "ratio";
      case COUNT -> "count";
      case PER_SECOND -> "/s";
      case DOLLARS_PER_HOUR -> "$/h";
    };
  }
}
