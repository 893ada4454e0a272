package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.ReleaseVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.GateRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One gate check as {@link GateChecks#check} made it: what every gate saw, the verdict on each
 * over its whole history in the ledger (this check included), the release verdict, and the records
 * appended to the ledger.
 *
 * <pre>{@code
 * GateReport report = checks.check(Scope.CANARY);
 * report.verdict("api_p95").verdict(); // GREEN
 * }</pre>
 *
 * @param phase the phase tag the records were written under, e.g. {@code ramp}
 * @param number this check's number within its phase, 1 for the first
 * @param at the instant every gate was evaluated at
 */
public record GateReport(String phase, int number, Scope scope, Instant at, List<GateEvaluation> evaluations,
    List<GateVerdict> verdicts, ReleaseVerdict release, List<GateRecord> records) {

  public GateReport {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(at, "at");
    evaluations = List.copyOf(evaluations);
    verdicts = List.copyOf(verdicts);
    Objects.requireNonNull(release, "release");
    records = List.copyOf(records);
    if (number < 1) throw new IllegalArgumentException("a check number starts at 1, got " + number);
    if (evaluations.size() != verdicts.size() || evaluations.size() != records.size()) {
      throw new IllegalArgumentException("a report needs one verdict and one record per evaluation: %d evaluations, %d verdicts, %d records"
          .formatted(evaluations.size(), verdicts.size(), records.size()));
    }
  }

  public Verdict verdict() {
    return release.verdict();
  }

  /** The verdict on one gate; the message names the gates this check has. */
  public GateVerdict verdict(String gate) {
    return verdicts.stream().filter(v -> v.gate().equals(gate)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("gate '%s' was not part of check %s #%d; it had %s"
            .formatted(gate, phase, number, verdicts.stream().map(GateVerdict::gate).toList())));
  }

  /** The ledger record of one gate in this check. */
  public GateRecord record(String gate) {
    return records.stream().filter(r -> r.gate().equals(gate)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("gate '%s' was not part of check %s #%d".formatted(gate, phase, number)));
  }

  /** One line for progress output: "ramp #2 at ...: YELLOW (api_p95 YELLOW streak 1, others GREEN)". */
  public String summary() {
    String notGreen = verdicts.stream().filter(v -> v.verdict() != Verdict.GREEN)
        .map(v -> "%s %s streak %d".formatted(v.gate(), v.verdict(), v.streak())).collect(Collectors.joining(", "));
    return "%s check #%d (%s) at %s: %s%s".formatted(phase, number, scope.label(), at, release.verdict(),
        notGreen.isEmpty() ? "" : " (" + notGreen + ")");
  }
}
