package io.intelgraph.cutover.config;

/**
 * A gate's optional relative rule: on the canary scope, the canary must not be measurably worse
 * than the stable track over the same window, even while both are under the absolute threshold.
 *
 * <pre>
 * gates:
 *   api_p95:
 *     compare_with_stable: {max_ratio: 1.3, min_difference: 20ms, confidence: 0.95}
 * </pre>
 *
 * A regression needs all three: the canary's value is above {@code max_ratio} times stable's, the
 * gap is above {@code min_difference} (so 2 ms vs 1 ms is not a "100 % regression"), and a
 * one-sided Mann-Whitney U test over the per-interval samples of both tracks rejects "no
 * difference" at {@code confidence} (so noise on low traffic does not read as a regression).
 *
 * @param maxRatio canary / stable above this is a candidate regression (for a gate where lower is
 *     better)
 * @param minDifference the smallest gap that matters, in the gate's unit
 * @param confidence e.g. 0.95: the p-value must be below 1 - confidence
 * @param minSamples per-interval samples each track needs in the window; fewer is LOW_SAMPLE, never
 *     a pass
 */
public record StableComparisonSpec(
    double maxRatio, Quantity minDifference, double confidence, int minSamples) {

  /**
   * Enough for the normal approximation of U and for a p-value below 0.01 to be reachable at all.
   */
  public static final int DEFAULT_MIN_SAMPLES = 10;

  public StableComparisonSpec {
    if (!(maxRatio >= 1))
      throw new IllegalArgumentException(
          "max_ratio must be at least 1 (1.3 = canary up to 30 % worse), got " + maxRatio);
    if (minDifference == null || minDifference.value() < 0) {
      throw new IllegalArgumentException(
          "min_difference must be a non-negative quantity, e.g. 20ms or 0.2%");
    }
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be between 0.5 and 1 exclusive, e.g. 0.95, got " + confidence);
    }
    if (minSamples == 0) minSamples = DEFAULT_MIN_SAMPLES;
    if (minSamples < 3)
      throw new IllegalArgumentException("min_samples must be at least 3, got " + minSamples);
  }
}
