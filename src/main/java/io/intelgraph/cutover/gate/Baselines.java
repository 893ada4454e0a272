package io.intelgraph.cutover.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The baselines a gate evaluation judges {@code max_above_baseline} against, by gate name: the
 * values T-30 recorded in the ledger (live checks, {@code --ledger}), values given by hand ({@code
 * --baseline}), none, or "being taken" (T-30 itself).
 *
 * <pre>{@code
 * Baselines baselines = ledger.read().baselines(ledger.location(), env.cadence().rateWindow(), Baselines.RUN_BASELINE_PHASE);
 * evaluator.evaluateAll(Gate.all(env, Scope.CANARY), Instant.now(), baselines);
 * }</pre>
 *
 * <p>Design note: a gate with a relative limit and no usable baseline evaluates to ERROR, never to
 * a pass, so every way of building this says how a missing baseline is supplied ({@link
 * #remedy()}): the run of show and the command line have different fixes. A recorded baseline of
 * another rate window, or a negative one, is not comparable and counts as missing, with the reason.
 */
public final class Baselines {

  /** The fix for a missing baseline in a run of the cutover. */
  public static final String RUN_BASELINE_PHASE =
      "record it with the T-30 phase of this attempt: mvn verify -Pcutover -Dgroups=baseline (same environment and ledger)";

  /**
   * One gate's baseline as evaluations use it.
   *
   * @param value in the gate's base unit (seconds, ratio, count)
   * @param window the rate window it was measured with, when known
   * @param at when it was measured, when known
   * @param source where it came from, e.g. {@code ledger target/cutover-ledger.json} or {@code
   *     --baseline api_p95=210ms}
   */
  public record Measured(
      double value, Optional<Duration> window, Optional<Instant> at, String source) {
    public Measured {
      if (!Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException(
            "a baseline must be a finite, non-negative number, got %s (%s)"
                .formatted(value, source));
      }
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(source, "source");
    }
  }

  private final Map<String, Measured> values;
  private final Map<String, String> unusable;
  private final String remedy;
  private final boolean beingTaken;

  private Baselines(
      Map<String, Measured> values,
      Map<String, String> unusable,
      String remedy,
      boolean beingTaken) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.unusable = Collections.unmodifiableMap(new TreeMap<>(unusable));
    this.remedy = Objects.requireNonNull(remedy, "remedy");
    this.beingTaken = beingTaken;
  }

  /** Values given directly, in base units, of unknown window and time (tests, benchmarks). */
  public Baselines(Map<String, Double> values) {
    this(given(values), Map.of(), RUN_BASELINE_PHASE, false);
  }

  /** No baselines recorded (yet); a relative limit is ERROR and says to run the baseline phase. */
  public static Baselines none() {
    return none(RUN_BASELINE_PHASE);
  }

  /** No baselines; a relative limit is ERROR and names {@code remedy} as the fix. */
  public static Baselines none(String remedy) {
    return new Baselines(Map.of(), Map.of(), remedy, false);
  }

  /** These baselines; {@code remedy} says how to supply one that is missing. */
  public static Baselines of(Map<String, Measured> values, String remedy) {
    return new Baselines(values, Map.of(), remedy, false);
  }

  /**
   * The evaluation that takes the baseline (T-30): a relative limit cannot be judged against the
   * value being measured, so gates are judged on their absolute threshold and the outcome says so.
   */
  public static Baselines takingBaseline() {
    return new Baselines(Map.of(), Map.of(), RUN_BASELINE_PHASE, true);
  }

  /**
   * The baselines the ledger holds, usable by gates resolved with {@code rateWindow}: one measured
   * with another window is not comparable (a p95 over 15 s is not a p95 over 5 m) and is missing,
   * with the reason, as is a negative one (no "above" makes sense of it).
   */
  public static Baselines fromRecorded(
      List<Recorded> recorded, String source, Duration rateWindow, String remedy) {
    Map<String, Measured> values = new LinkedHashMap<>();
    Map<String, String> unusable = new LinkedHashMap<>();
    for (Recorded b : recorded) {
      if (b.window().isPresent() && !b.window().get().equals(rateWindow)) {
        unusable.put(
            b.name(),
            "the recorded baseline (%s at %s) was measured over a %s rate window, this run's cadence.rate_window is %s"
                .formatted(
                    b.value(),
                    b.at(),
                    Durations.human(b.window().get()),
                    Durations.human(rateWindow)));
      } else if (!Double.isFinite(b.value()) || b.value() < 0) {
        unusable.put(
            b.name(),
            "the recorded baseline %s at %s is negative; a limit above a negative baseline means nothing, use an absolute threshold"
                .formatted(b.value(), b.at()));
      } else {
        values.put(b.name(), new Measured(b.value(), b.window(), Optional.of(b.at()), source));
      }
    }
    return new Baselines(values, unusable, remedy, false);
  }

  /**
   * A baseline as T-30 recorded it (the ledger keeps these; see {@code Ledger.baselines(...)}).
   *
   * @param window the rate window it was measured over, absent in ledgers written before windows
   *     were kept
   */
  public record Recorded(String name, double value, Optional<Duration> window, Instant at) {}

  /**
   * These baselines with {@code given} added, replacing any recorded (or unusable) one of the same
   * gate.
   */
  public Baselines with(Map<String, Measured> given) {
    Map<String, Measured> merged = new LinkedHashMap<>(values);
    merged.putAll(given);
    Map<String, String> stillUnusable = new LinkedHashMap<>(unusable);
    given.keySet().forEach(stillUnusable::remove);
    return new Baselines(merged, stillUnusable, remedy, beingTaken);
  }

  /** The baseline of {@code gate}, if there is a usable one. */
  public Optional<Measured> measured(String gate) {
    return Optional.ofNullable(values.get(gate));
  }

  /** The baseline value of {@code gate}, if there is a usable one. */
  public OptionalDouble of(String gate) {
    Measured m = values.get(gate);
    return m == null ? OptionalDouble.empty() : OptionalDouble.of(m.value());
  }

  /** Why {@code gate} has no usable baseline: not recorded, or recorded but not comparable. */
  public String whyMissing(String gate) {
    String reason = unusable.get(gate);
    if (reason != null) return reason;
    return values.isEmpty() && !beingTaken
        ? "no baseline is recorded for any gate"
        : "no baseline is recorded for %s (recorded: %s)"
            .formatted(gate, String.join(", ", values.keySet()));
  }

  /** How a missing baseline is supplied. */
  public String remedy() {
    return remedy;
  }

  /** True while the baseline itself is being measured (T-30). */
  public boolean beingTaken() {
    return beingTaken;
  }

  public Map<String, Measured> values() {
    return values;
  }

  @Override
  public String toString() {
    return beingTaken
        ? "baselines being taken"
        : "baselines "
            + values.keySet()
            + (unusable.isEmpty() ? "" : ", unusable " + unusable.keySet());
  }

  private static Map<String, Measured> given(Map<String, Double> values) {
    Map<String, Measured> measured = new LinkedHashMap<>();
    values.forEach(
        (gate, value) -> {
          if (value == null || !Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(
                "baseline for %s must be a finite, non-negative number, got %s"
                    .formatted(gate, value));
          }
          measured.put(gate, new Measured(value, Optional.empty(), Optional.empty(), "given"));
        });
    return measured;
  }
}
