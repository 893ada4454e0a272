package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Verdict;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a gate's verdict; failures quote the rule that decided and the evaluation's
 * evidence.
 */
public final class GateVerdictAssert extends AbstractAssert<GateVerdictAssert, GateVerdict> {

  GateVerdictAssert(GateVerdict actual) {
    super(actual, GateVerdictAssert.class);
  }

  /** The latest evaluation passed. */
  public GateVerdictAssert isGreen() {
    return hasVerdict(Verdict.GREEN);
  }

  /** GREEN or YELLOW: nothing that calls for a rollback. */
  public GateVerdictAssert isNotRed() {
    isNotNull();
    if (actual.verdict() == Verdict.RED) failWithMessage("%s", message("not RED"));
    return this;
  }

  public GateVerdictAssert isRed() {
    return hasVerdict(Verdict.RED);
  }

  public GateVerdictAssert hasVerdict(Verdict expected) {
    isNotNull();
    if (actual.verdict() != expected) failWithMessage("%s", message(expected.name()));
    return this;
  }

  private String message(String expected) {
    return "expected gate %s to be %s but it is %s: %s (streak %d)%s"
        .formatted(
            actual.gate(),
            expected,
            actual.verdict(),
            actual.reason(),
            actual.streak(),
            GateEvidence.of(actual.latest()));
  }
}
