package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.support.Excerpts;

/** The evidence lines of a gate failure message, the same for a verdict and a single evaluation. */
final class GateEvidence {

  private static final int ANSWER_EXCERPT = 300;

  private GateEvidence() {}

  static String of(GateEvaluation evaluation) {
    String answer = Excerpts.of(evaluation.rawAnswer(), ANSWER_EXCERPT);
    return "%n  outcome:   %s (%s scope) at %s%n  detail:    %s%n  threshold: %s%s%n  query:     %s%n  answer:    %s"
        .formatted(
            evaluation.outcome(),
            evaluation.scope(),
            evaluation.evaluatedAt(),
            evaluation.detail(),
            evaluation.threshold(),
            evaluation.baselineLimit().isPresent()
                ? " (baseline limit %s)".formatted(evaluation.baselineLimit().getAsDouble())
                : "",
            evaluation.query(),
            answer);
  }
}
