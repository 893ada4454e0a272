package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one gate evaluation; failures quote value, threshold, query and answer. */
public final class GateEvaluationAssert
    extends AbstractAssert<GateEvaluationAssert, GateEvaluation> {

  GateEvaluationAssert(GateEvaluation actual) {
    super(actual, GateEvaluationAssert.class);
  }

  /** PASS, the only healthy outcome. */
  public GateEvaluationAssert passed() {
    return hasOutcome(Outcome.PASS);
  }

  public GateEvaluationAssert hasOutcome(Outcome expected) {
    isNotNull();
    if (actual.outcome() != expected) {
      failWithMessage(
          "%s",
          "expected gate %s to be %s but it was %s%s"
              .formatted(actual.gate(), expected, actual.outcome(), GateEvidence.of(actual)));
    }
    return this;
  }
}
