package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.config.Unit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One evaluation of one gate: everything needed to recompute its outcome by hand. Produced by
 * {@link GateEvaluator} (live) and {@link Replay} (history); judged by {@link VerdictRules}.
 *
 * <pre>{@code
 * GateEvaluation e = evaluator.evaluate(gate, Instant.now(), baselines);
 * e.detail(); // "API p95 latency 412 ms > 350 ms at 2026-11-27T15:15:00Z (canary)"
 * }</pre>
 *
 * @param gate the gate's name
 * @param critical a single failure of this gate is RED
 * @param value the measured value in base units, absent when there was none (NO_DATA, ERROR)
 * @param baselineLimit the relative limit applied (baseline x (1 + max_above_baseline)), if any
 * @param traffic requests behind the value in the window, when the gate counts them
 * @param freshSamples raw samples behind the value within max_staleness, when known (0 or absent:
 *     STALE)
 * @param detail one sentence a person can act on, with value, threshold and time
 * @param evidence the queries as sent and the answers as received: value first, then traffic,
 *     freshness
 * @param baseline the baseline behind {@code baselineLimit} (value, ratio, limit, when and where
 *     measured), if one was applied
 * @param versusStable the canary-vs-stable comparison's figures (both values, ratio, p-value,
 *     sample counts), when {@code compare_with_stable} was judged; its queries and answers are in
 *     {@code evidence}
 * @param shadow the gate is a shadow gate ({@code gates.<name>.shadow}): judged and reported like
 *     any, never part of the release verdict
 */
public record GateEvaluation(
    String gate,
    Scope scope,
    boolean critical,
    Instant evaluatedAt,
    Outcome outcome,
    OptionalDouble value,
    Threshold threshold,
    OptionalDouble baselineLimit,
    OptionalDouble traffic,
    OptionalDouble freshSamples,
    String detail,
    List<Evidence> evidence,
    Optional<BaselineLimit> baseline,
    Optional<StableComparison.Judgement> versusStable,
    boolean shadow) {

  public GateEvaluation {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(baselineLimit, "baselineLimit");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(freshSamples, "freshSamples");
    Objects.requireNonNull(detail, "detail");
    evidence = List.copyOf(evidence);
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(versusStable, "versusStable");
    if (baseline.isPresent()
        && (baselineLimit.isEmpty() || baselineLimit.getAsDouble() != baseline.get().limit())) {
      throw new IllegalArgumentException(
          "%s: baselineLimit %s is not the limit of its baseline %s"
              .formatted(gate, baselineLimit, baseline.get()));
    }
    if (evidence.isEmpty())
      throw new IllegalArgumentException(
          "an evaluation of %s needs the query it asked".formatted(gate));
    if (outcome == Outcome.PASS && (value.isEmpty() || !Double.isFinite(value.getAsDouble()))) {
      throw new IllegalArgumentException(
          "%s cannot PASS without a finite value (%s)".formatted(gate, detail));
    }
  }

  /** An evaluation of a gate that judges the release (not a shadow gate). */
  public GateEvaluation(
      String gate,
      Scope scope,
      boolean critical,
      Instant evaluatedAt,
      Outcome outcome,
      OptionalDouble value,
      Threshold threshold,
      OptionalDouble baselineLimit,
      OptionalDouble traffic,
      OptionalDouble freshSamples,
      String detail,
      List<Evidence> evidence,
      Optional<BaselineLimit> baseline,
      Optional<StableComparison.Judgement> versusStable) {
    this(
        gate,
        scope,
        critical,
        evaluatedAt,
        outcome,
        value,
        threshold,
        baselineLimit,
        traffic,
        freshSamples,
        detail,
        evidence,
        baseline,
        versusStable,
        false);
  }

  /** An evaluation that did not compare with stable. */
  public GateEvaluation(
      String gate,
      Scope scope,
      boolean critical,
      Instant evaluatedAt,
      Outcome outcome,
      OptionalDouble value,
      Threshold threshold,
      OptionalDouble baselineLimit,
      OptionalDouble traffic,
      OptionalDouble freshSamples,
      String detail,
      List<Evidence> evidence,
      Optional<BaselineLimit> baseline) {
    this(
        gate,
        scope,
        critical,
        evaluatedAt,
        outcome,
        value,
        threshold,
        baselineLimit,
        traffic,
        freshSamples,
        detail,
        evidence,
        baseline,
        Optional.empty());
  }

  /** An evaluation that applied no baseline. */
  public GateEvaluation(
      String gate,
      Scope scope,
      boolean critical,
      Instant evaluatedAt,
      Outcome outcome,
      OptionalDouble value,
      Threshold threshold,
      OptionalDouble baselineLimit,
      OptionalDouble traffic,
      OptionalDouble freshSamples,
      String detail,
      List<Evidence> evidence) {
    this(
        gate,
        scope,
        critical,
        evaluatedAt,
        outcome,
        value,
        threshold,
        baselineLimit,
        traffic,
        freshSamples,
        detail,
        evidence,
        Optional.empty());
  }

  /** The resolved PromQL of the value query. */
  public String query() {
    return evidence.get(0).query();
  }

  /** The raw answer to the value query. */
  public String rawAnswer() {
    return evidence.get(0).answer();
  }

  public Unit unit() {
    return threshold.unit();
  }

  /** The same evaluation, judged again with the comparison with stable. */
  GateEvaluation withComparison(
      Outcome outcome,
      String detail,
      List<Evidence> extra,
      Optional<StableComparison.Judgement> judgement) {
    List<Evidence> all = new java.util.ArrayList<>(evidence);
    all.addAll(extra);
    return new GateEvaluation(
        gate,
        scope,
        critical,
        evaluatedAt,
        outcome,
        value,
        threshold,
        baselineLimit,
        traffic,
        freshSamples,
        detail,
        all,
        baseline,
        judgement,
        shadow);
  }

  /**
   * The same evaluation of a gate whose shadow setting is {@code shadow}: an evaluation made
   * without its spec (a ledger record, an ERROR standing in for it) takes it from the gate.
   */
  public GateEvaluation withShadow(boolean shadow) {
    if (shadow == this.shadow) return this;
    return new GateEvaluation(
        gate,
        scope,
        critical,
        evaluatedAt,
        outcome,
        value,
        threshold,
        baselineLimit,
        traffic,
        freshSamples,
        detail,
        evidence,
        baseline,
        versusStable,
        shadow);
  }

  /**
   * The limits this evaluation was judged against: the threshold, the baseline limit when one
   * applied, and the comparison with stable when it was judged (the ledger keeps no detail, so its
   * figures go with the limits).
   */
  public String limits() {
    return threshold
        + baseline.map(b -> " and <= " + b.describe(unit())).orElse("")
        + versusStable.map(j -> " and compare_with_stable: " + j.detail()).orElse("");
  }

  public boolean passed() {
    return outcome.isPass();
  }
}
