package io.intelgraph.cutover.gate;

import java.time.Instant;

/**
 * {@link VerdictRules#decide} for a history that grows one evaluation at a time: keeps the streak
 * and its start instead of rescanning, so a replay of thousands of steps stays linear. Applies the
 * same rules (it calls the same code).
 */
final class StreakTracker {
  private final VerdictRules.Rules rules;
  private int streak;
  private Instant since;
  private Instant previous;

  StreakTracker(VerdictRules.Rules rules) {
    this.rules = rules;
  }

  GateVerdict next(GateEvaluation evaluation) {
    if (previous != null && evaluation.evaluatedAt().isBefore(previous)) {
      throw new IllegalArgumentException(
          "evaluations of %s must arrive oldest first: %s after %s"
              .formatted(evaluation.gate(), evaluation.evaluatedAt(), previous));
    }
    previous = evaluation.evaluatedAt();
    if (evaluation.passed()) {
      streak = 0;
      since = null;
    } else {
      if (streak == 0) since = evaluation.evaluatedAt();
      streak++;
    }
    return VerdictRules.decide(evaluation, streak, since, rules, evaluation.evaluatedAt());
  }
}
