package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.config.Unit;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Judges the canary against the stable track, the way Kayenta's judge does: the same query on both
 * tracks over the same window, and a Mann-Whitney U test over their per-interval samples (Apache
 * Commons Statistics), one-sided in the direction that is worse for this gate.
 *
 * <p>Design note: a ratio alone calls 2 ms vs 1 ms a 100 % regression, a difference alone ignores
 * scale, and either alone reads noise on low traffic as a regression; a regression therefore needs
 * the ratio, the minimum difference and the significance together. Fewer samples than the rule asks
 * for is LOW_SAMPLE, never a pass: the comparison could not be made.
 *
 * <pre>{@code
 * StableComparison.Judgement j = new StableComparison(spec, threshold.comparison(), Unit.SECONDS)
 *     .judge(canaryP95, stableP95, canarySamples, stableSamples);
 * j.regression(); // true: canary 300 ms vs stable 190 ms, ratio 1.58, p = 0.0001
 * }</pre>
 */
public final class StableComparison {

  /** What the comparison concluded. */
  public enum Result {
    WITHIN,
    REGRESSION,
    LOW_SAMPLE
  }

  /**
   * The comparison's figures, enough to recompute it.
   *
   * @param ratio canary over stable in the worse direction (above 1 = canary worse); infinite when
   *     stable is 0 and canary is not
   * @param difference how much worse the canary is, in base units (negative = better)
   * @param pValue one-sided p-value of "canary is worse", NaN when not computed
   */
  public record Judgement(
      Result result,
      double canary,
      double stable,
      double ratio,
      double difference,
      double pValue,
      int canarySamples,
      int stableSamples,
      String detail) {
    public boolean regression() {
      return result == Result.REGRESSION;
    }
  }

  private final StableComparisonSpec spec;
  private final boolean higherIsWorse;
  private final Unit unit;

  /**
   * @param comparison the gate's absolute threshold comparison: {@code <=}/{@code <} means higher
   *     is worse
   */
  public StableComparison(StableComparisonSpec spec, Comparison comparison, Unit unit) {
    this.spec = Objects.requireNonNull(spec);
    this.higherIsWorse = comparison == Comparison.AT_MOST || comparison == Comparison.LESS_THAN;
    this.unit = Objects.requireNonNull(unit);
  }

  /**
   * @param canary the canary's value over the window (the gate's own instant query)
   * @param stable the stable track's value over the same window
   * @param canarySamples the canary's per-interval values within the window (a range query at the
   *     scrape step)
   * @param stableSamples the stable track's, same window and step
   */
  public Judgement judge(
      double canary, double stable, double[] canarySamples, double[] stableSamples) {
    double[] c = finite(canarySamples);
    double[] s = finite(stableSamples);
    double difference = higherIsWorse ? canary - stable : stable - canary;
    double ratio = ratio(canary, stable);
    String figures =
        "canary %s vs stable %s (ratio %s, max %s; difference %s, min %s)"
            .formatted(
                unit.format(canary),
                unit.format(stable),
                round(ratio),
                round(spec.maxRatio()),
                unit.format(difference),
                spec.minDifference());
    if (c.length < spec.minSamples() || s.length < spec.minSamples()) {
      return new Judgement(
          Result.LOW_SAMPLE,
          canary,
          stable,
          ratio,
          difference,
          Double.NaN,
          c.length,
          s.length,
          "cannot compare with stable: %d canary and %d stable samples in the window, the rule needs %d each; %s"
              .formatted(c.length, s.length, spec.minSamples(), figures));
    }
    double p =
        MannWhitneyUTest.withDefaults()
            .with(
                higherIsWorse
                    ? AlternativeHypothesis.GREATER_THAN
                    : AlternativeHypothesis.LESS_THAN)
            .test(c, s)
            .getPValue();
    double alpha = 1 - spec.confidence();
    boolean regression =
        ratio > spec.maxRatio() && difference > spec.minDifference().value() && p < alpha;
    String test =
        "Mann-Whitney U over %d canary and %d stable samples: p = %s (%s at confidence %s)"
            .formatted(
                c.length,
                s.length,
                roundP(p),
                p < alpha ? "significant" : "not significant",
                spec.confidence());
    return new Judgement(
        regression ? Result.REGRESSION : Result.WITHIN,
        canary,
        stable,
        ratio,
        difference,
        p,
        c.length,
        s.length,
        (regression ? "canary worse than stable: " : "canary within stable: ")
            + figures
            + "; "
            + test);
  }

  private double ratio(double canary, double stable) {
    double worse = higherIsWorse ? canary : stable;
    double better = higherIsWorse ? stable : canary;
    if (better == 0) return worse == 0 ? 1 : Double.POSITIVE_INFINITY;
    return worse / better;
  }

  private static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).toArray();
  }

  private static String round(double value) {
    return Double.isInfinite(value) ? "inf" : String.valueOf(Math.round(value * 100) / 100.0);
  }

  private static String roundP(double p) {
    return p < 0.0001 ? "< 0.0001" : String.valueOf(Math.round(p * 10000) / 10000.0);
  }
}
