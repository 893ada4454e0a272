package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the cutover summary is computed from: the facts of one release attempt as the ledger
 * recorded them. The integrator maps the ledger onto these records; nothing here is a figure typed
 * by hand.
 *
 * <pre>{@code
 * SummaryInput input = new SummaryInput("v1.0.0-GA", 1, started, finished, phases, evaluations, rollbacks);
 * CutoverSummary summary = SummaryCalculator.calculate(input);
 * }</pre>
 *
 * @param halt what the halt policy did with a canary left short of the lock (rolled back or held),
 *     if it acted
 */
public record SummaryInput(
    String release,
    int attempt,
    Instant started,
    Instant finished,
    List<Phase> phases,
    List<GateEvaluation> evaluations,
    List<Rollback> rollbacks,
    Optional<String> halt) {

  /** Facts of an attempt whose canary never halted short of the lock. */
  public SummaryInput(
      String release,
      int attempt,
      Instant started,
      Instant finished,
      List<Phase> phases,
      List<GateEvaluation> evaluations,
      List<Rollback> rollbacks) {
    this(release, attempt, started, finished, phases, evaluations, rollbacks, Optional.empty());
  }

  public SummaryInput {
    if (release == null || release.isBlank())
      throw new IllegalArgumentException("summary input needs the release tag");
    if (attempt < 1)
      throw new IllegalArgumentException(
          "attempt %d is not a release attempt; attempts count from 1".formatted(attempt));
    if (finished.isBefore(started)) {
      throw new IllegalArgumentException(
          "the attempt finished at %s, before it started at %s; check the ledger's clock"
              .formatted(finished, started));
    }
    phases = List.copyOf(phases);
    evaluations = List.copyOf(evaluations);
    rollbacks = List.copyOf(rollbacks);
    halt = halt == null ? Optional.empty() : halt;
  }

  /**
   * How a phase ended: {@code PASSED_WITH_SKIPS} no line failed but some were skipped; {@code
   * BROKEN} it failed outside its lines; {@code SKIPPED} none of its lines ran; {@code REFUSED} it
   * did not run (a prerequisite missing, or a rollback had already happened).
   */
  public enum PhaseStatus {
    PASSED,
    PASSED_WITH_SKIPS,
    FAILED,
    BROKEN,
    SKIPPED,
    REFUSED
  }

  /**
   * One phase of the run of show, e.g. {@code canary}, with its lines counted.
   *
   * @param skipped the skipped lines, each with why it was skipped
   */
  public record Phase(
      String name,
      PhaseStatus status,
      Instant started,
      Optional<Instant> finished,
      int passed,
      int failed,
      List<String> skipped) {
    public Phase {
      if (name == null || name.isBlank())
        throw new IllegalArgumentException("a phase needs its name, e.g. canary");
      if (passed < 0 || failed < 0)
        throw new IllegalArgumentException(
            "phase %s: line counts cannot be negative (%d passed, %d failed)"
                .formatted(name, passed, failed));
      skipped = List.copyOf(skipped);
    }

    /** A phase whose lines were not counted (e.g. from a source that records only the status). */
    public Phase(String name, PhaseStatus status, Instant started, Optional<Instant> finished) {
      this(name, status, started, finished, 0, 0, List.of());
    }
  }

  /**
   * One evaluation of one gate.
   *
   * @param shadow the gate was a shadow gate: its verdict is its own, never the release's
   */
  public record GateEvaluation(
      String gate, Instant evaluatedAt, Outcome outcome, Verdict verdict, boolean shadow) {
    public GateEvaluation {
      if (gate == null || gate.isBlank())
        throw new IllegalArgumentException("a gate evaluation needs the gate's name, e.g. api_p95");
    }

    /** An evaluation of a gate that judges the release. */
    public GateEvaluation(String gate, Instant evaluatedAt, Outcome outcome, Verdict verdict) {
      this(gate, evaluatedAt, outcome, verdict, false);
    }
  }

  /**
   * The rollback plan's run: when, why (the verdict that tripped it) and how it ended.
   *
   * @param stable whether stable was proven healthy after the switch, and how soon, when that proof
   *     ran
   */
  public record Rollback(
      Instant at, String reason, String result, Optional<StableAfterRollback> stable) {
    public Rollback {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException(
            "a rollback at %s needs its reason, e.g. 'api_p95 RED: 2 consecutive breaches'"
                .formatted(at));
      }
      if (result == null || result.isBlank())
        throw new IllegalArgumentException("a rollback at %s needs its result".formatted(at));
      stable = stable == null ? Optional.empty() : stable;
    }

    /**
     * A rollback whose stable health was not proven (a dry run, a FAILED one, a plan without the
     * proof).
     */
    public Rollback(Instant at, String reason, String result) {
      this(at, reason, result, Optional.empty());
    }
  }

  /**
   * Stable after the rollback: healthy (and after how many seconds from the switch), or still
   * unhealthy when the proof gave up, with what was still wrong.
   */
  public record StableAfterRollback(
      boolean healthy, long secondsAfterSwitch, List<String> stillWrong) {
    public StableAfterRollback {
      stillWrong = List.copyOf(stillWrong);
    }
  }
}
