package io.intelgraph.cutover.ledger;

import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Gate evaluations as the ledger keeps them, and back: a check becomes one {@link GateRecord} per
 * gate; a record becomes the evaluation the verdict rules read as history.
 *
 * <pre>{@code
 * List<GateRecord> records = GateRecords.of(report);
 * GateEvaluation past = GateRecords.asEvaluation(records.get(0), latest);
 * }</pre>
 */
public final class GateRecords {

  private GateRecords() {}

  /** One record per gate of the check, in the check's order, under the check's phase. */
  public static List<GateRecord> of(GateReport report) {
    List<GateRecord> records = new ArrayList<>();
    for (int i = 0; i < report.evaluations().size(); i++) {
      records.add(of(report.evaluations().get(i), report.verdicts().get(i), report.phase()));
    }
    return records;
  }

  /**
   * An evaluation as the ledger keeps it. Non-finite values (NaN, Inf) stay in the raw answer only:
   * JSON has no number for them.
   */
  public static GateRecord of(GateEvaluation evaluation, GateVerdict verdict, String phase) {
    Optional<Double> value =
        evaluation.value().isPresent() && Double.isFinite(evaluation.value().getAsDouble())
            ? Optional.of(evaluation.value().getAsDouble())
            : Optional.empty();
    return new GateRecord(
        evaluation.gate(),
        evaluation.scope().label(),
        evaluation.query(),
        evaluation.rawAnswer(),
        value,
        evaluation.limits(),
        evaluation.outcome(),
        verdict.verdict(),
        verdict.streak(),
        evaluation.evaluatedAt(),
        phase,
        evaluation.shadow());
  }

  /**
   * A ledger record as the verdict rules read history: only its gate, time and outcome count (the
   * latest evaluation, which is live, decides criticality, shadow and threshold).
   */
  public static GateEvaluation asEvaluation(GateRecord record, GateEvaluation latest) {
    Scope scope;
    try {
      scope = Scope.valueOf(record.scope().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknownScope) {
      scope =
          latest.scope(); // only the gate, time and outcome of a past record matter to the rules
    }
    OptionalDouble value = record.value().map(OptionalDouble::of).orElse(OptionalDouble.empty());
    return new GateEvaluation(
        record.gate(),
        scope,
        latest.critical(),
        record.at(),
        Outcome.valueOf(record.outcome().name()),
        value,
        latest.threshold(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "%s %s at %s (ledger, %s)"
            .formatted(record.gate(), record.outcome(), record.at(), record.phase()),
        List.of(new Evidence("value", record.query(), record.rawAnswer())),
        Optional.empty(),
        Optional.empty(),
        latest.shadow());
  }
}
