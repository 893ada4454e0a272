package io.intelgraph.cutover.gate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one gate after its latest evaluation, from {@link VerdictRules#decide}.
 *
 * @param streak consecutive non-PASS evaluations up to the latest (0 when it passed)
 * @param breachSince when the current streak began, absent when GREEN
 * @param reason the rule that decided, as a sentence: "second consecutive failure: RED"
 * @param latest the evaluation the verdict is about (its detail carries value, threshold, time)
 */
public record GateVerdict(
    String gate,
    Verdict verdict,
    int streak,
    Optional<Instant> breachSince,
    String reason,
    GateEvaluation latest) {
  public GateVerdict {
    Objects.requireNonNull(gate);
    Objects.requireNonNull(verdict);
    Objects.requireNonNull(breachSince);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(latest);
    if (streak < 0)
      throw new IllegalArgumentException("streak must not be negative, got " + streak);
  }

  /**
   * The gate is a shadow gate: this verdict is the gate's own (what it would have done), never part
   * of the release verdict.
   */
  public boolean shadow() {
    return latest.shadow();
  }

  /**
   * The verdict as one line a person can recompute it from: gate, rule, detail, outcome, streak,
   * threshold and query, e.g. for an assertion's description or a failure message.
   *
   * <pre>{@code assertThat(verdict.verdict()).as(verdict.describe()).isEqualTo(Verdict.GREEN);}
   * </pre>
   */
  public String describe() {
    return "%s%s %s, %s (outcome %s; streak %d; threshold %s; query %s)"
        .formatted(
            shadow() ? "shadow gate " : "",
            gate,
            reason,
            latest.detail(),
            latest.outcome(),
            streak,
            latest.limits(),
            latest.query());
  }
}
