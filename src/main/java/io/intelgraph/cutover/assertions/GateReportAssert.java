package io.intelgraph.cutover.assertions;

import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one gate check; a failure names every gate that is not GREEN with the rule that
 * decided and its evidence (outcome, time, value, threshold, query, answer).
 */
public final class GateReportAssert extends AbstractAssert<GateReportAssert, GateReport> {

  GateReportAssert(GateReport actual) {
    super(actual, GateReportAssert.class);
  }

  /** Every gate of the check is GREEN. */
  public GateReportAssert isGreen() {
    isNotNull();
    return hasGreenGates(actual.verdicts().stream().map(GateVerdict::gate).toArray(String[]::new));
  }

  /**
   * Each of these gates was part of the check and is GREEN; a gate the check did not have is never
   * GREEN.
   */
  public GateReportAssert hasGreenGates(String... gates) {
    isNotNull();
    List<String> problems = new ArrayList<>();
    for (String gate : gates) {
      Optional<GateVerdict> verdict =
          actual.verdicts().stream().filter(v -> v.gate().equals(gate)).findFirst();
      if (verdict.isEmpty()) {
        problems.add(
            "gate %s is not part of this check (it has %s); a line without its gate is never GREEN"
                .formatted(gate, actual.verdicts().stream().map(GateVerdict::gate).toList()));
      } else if (verdict.get().verdict() != Verdict.GREEN) {
        GateVerdict v = verdict.get();
        problems.add(
            "gate %s is %s: %s (streak %d)%s"
                .formatted(gate, v.verdict(), v.reason(), v.streak(), GateEvidence.of(v.latest())));
      }
    }
    if (!problems.isEmpty()) {
      failWithMessage(
          "%s",
          "expected %s GREEN in %s check #%d (%s) at %s but:%n%s"
              .formatted(
                  String.join(", ", gates),
                  actual.phase(),
                  actual.number(),
                  actual.scope().label(),
                  actual.at(),
                  String.join(System.lineSeparator(), problems)));
    }
    return this;
  }
}
