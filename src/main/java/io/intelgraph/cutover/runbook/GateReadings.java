package io.intelgraph.cutover.runbook;

import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.support.Excerpts;
import java.util.List;

/**
 * How a runbook line reads the configured gates: evaluated now (by the context's clock) on one
 * scope against Prometheus, with the baselines this attempt's T-30 recorded, each evaluation
 * described as one line of evidence. Lines take it in their constructor, so their unit tests judge
 * evaluations made by hand.
 *
 * <pre>{@code
 * List<GateEvaluation> stable = GateReadings.prometheus().evaluate(context, Scope.STABLE, List.of("api_p95"), baselines);
 * }</pre>
 */
@FunctionalInterface
public interface GateReadings {

  /**
   * Evaluates the configured gates {@code names} (all must be configured) on {@code scope} now,
   * judging {@code max_above_baseline} against {@code baselines}, in the order given.
   */
  List<GateEvaluation> evaluate(
      LineContext context, Scope scope, List<String> names, Baselines baselines);

  /** The gates evaluated against the environment's Prometheus. */
  static GateReadings prometheus() {
    return (context, scope, names, baselines) -> {
      List<Gate> gates =
          Gate.all(context.environment(), scope).stream()
              .filter(gate -> names.contains(gate.name()))
              .sorted(java.util.Comparator.comparing(gate -> names.indexOf(gate.name())))
              .toList();
      try (GateEvaluator evaluator = GateEvaluator.forEnvironment(context.environment())) {
        return evaluator.evaluateAll(gates, context.now(), baselines);
      }
    };
  }

  /**
   * The baselines T-30 recorded in this attempt's ledger, for gates resolved with this
   * environment's rate window; a missing one says to run the baseline phase.
   */
  static Baselines recorded(LineContext context) {
    return context
        .ledger()
        .read()
        .baselinesFor(
            context.ledger().location(),
            context.environment().cadence().rateWindow(),
            Baselines.RUN_BASELINE_PHASE);
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

  /** No data, stale data, too little traffic or an error: the gate could not judge. */
  static boolean judged(GateEvaluation e) {
    return e.outcome() == io.intelgraph.cutover.gate.Outcome.PASS
        || e.outcome() == io.intelgraph.cutover.gate.Outcome.BREACH;
  }
}
