package io.intelgraph.cutover.ledger;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate evaluation as the ledger keeps it: everything a person needs to recompute the verdict.
 * The ledger stores history; it does not decide (the verdict rules live with the gates). Outcome
 * and verdict are the gates' own values, written by name, so ledgers written before keep reading.
 *
 * @param scope the track or selector evaluated, e.g. {@code canary}
 * @param rawAnswer the provider's answer as received, for recomputation
 * @param value the number read from the answer; empty when there was none (NO_DATA, ERROR)
 * @param threshold the threshold as written, e.g. {@code <= 350 ms}
 * @param streak consecutive non-PASS evaluations of this gate, this one included
 * @param phase the phase whose check made this evaluation, e.g. {@code gate}; empty in ledgers
 *     written before phases were recorded. All records of one check share its time {@code at}, so
 *     the gate phase's checks are counted as the distinct times of its records
 * @param shadow the gate was a shadow gate at this evaluation ({@code gates.<name>.shadow}): its
 *     verdict and streak are its own, never the release's; false in ledgers written before shadow
 *     gates
 */
public record GateRecord(
    String gate,
    String scope,
    String query,
    String rawAnswer,
    Optional<Double> value,
    String threshold,
    Outcome outcome,
    Verdict verdict,
    int streak,
    Instant at,
    String phase,
    boolean shadow) {

  public GateRecord {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(rawAnswer, "raw answer");
    value = value == null ? Optional.empty() : value;
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(at, "time");
    phase = phase == null ? "" : phase;
    if (streak < 0)
      throw new IllegalArgumentException(
          "gate %s streak must be >= 0, got %d".formatted(gate, streak));
    if (outcome == Outcome.PASS && streak != 0) {
      throw new IllegalArgumentException(
          "gate %s passed, so its streak must be 0, got %d".formatted(gate, streak));
    }
  }

  /** A record of a gate that judges the release. */
  public GateRecord(
      String gate,
      String scope,
      String query,
      String rawAnswer,
      Optional<Double> value,
      String threshold,
      Outcome outcome,
      Verdict verdict,
      int streak,
      Instant at,
      String phase) {
    this(
        gate, scope, query, rawAnswer, value, threshold, outcome, verdict, streak, at, phase,
        false);
  }

  /** A record whose phase is not known. */
  public GateRecord(
      String gate,
      String scope,
      String query,
      String rawAnswer,
      Optional<Double> value,
      String threshold,
      Outcome outcome,
      Verdict verdict,
      int streak,
      Instant at) {
    this(gate, scope, query, rawAnswer, value, threshold, outcome, verdict, streak, at, "");
  }
}
