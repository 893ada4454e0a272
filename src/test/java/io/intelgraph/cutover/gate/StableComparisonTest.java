package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Quantity;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.config.Unit;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * The statistics pinned on fixed samples: the same seed gives the same samples on every machine.
 */
class StableComparisonTest {

  static final StableComparisonSpec P95_RULE =
      new StableComparisonSpec(1.3, Quantity.parse("20ms"), 0.95, 10);
  static final StableComparison LATENCY =
      new StableComparison(P95_RULE, Comparison.AT_MOST, Unit.SECONDS);

  /** Per-interval p95 samples around {@code centre} seconds with a few ms of noise. */
  static double[] samples(long seed, int n, double centre, double noise) {
    Random random = new Random(seed);
    return DoubleStream.generate(() -> centre + random.nextGaussian() * noise).limit(n).toArray();
  }

  static double mean(double[] values) {
    return DoubleStream.of(values).average().orElseThrow();
  }

  @Test
  void identicalTracksAreWithinStable() {
    double[] canary = samples(1, 60, 0.190, 0.010);
    double[] stable = samples(2, 60, 0.190, 0.010);

    var judgement = LATENCY.judge(mean(canary), mean(stable), canary, stable);

    assertThat(judgement.result()).isEqualTo(StableComparison.Result.WITHIN);
    assertThat(judgement.pValue()).isGreaterThan(0.05);
    assertThat(judgement.detail()).startsWith("canary within stable: canary 1");
  }

  @Test
  void aShiftedCanaryIsARegressionAtTheConfiguredConfidenceWithAllFiguresInTheDetail() {
    double[] canary = samples(3, 60, 0.300, 0.015);
    double[] stable = samples(4, 60, 0.190, 0.010);

    var judgement = LATENCY.judge(0.300, 0.190, canary, stable);

    assertThat(judgement.regression()).isTrue();
    assertThat(judgement.ratio()).isCloseTo(1.58, org.assertj.core.data.Offset.offset(0.01));
    assertThat(judgement.pValue()).isLessThan(0.0001);
    assertThat(judgement.detail())
        .isEqualTo(
            "canary worse than stable: canary 300 ms vs stable 190 ms (ratio 1.58, max 1.3;"
                + " difference 110 ms, min 20 ms); Mann-Whitney U over 60 canary and 60 stable samples: p = < 0.0001 (significant at confidence 0.95)");
  }

  @Test
  void tooFewSamplesAreLowSampleNeverAPass() {
    double[] canary = samples(5, 4, 0.900, 0.010);
    double[] stable = samples(6, 60, 0.190, 0.010);

    var judgement = LATENCY.judge(0.900, 0.190, canary, stable);

    assertThat(judgement.result()).isEqualTo(StableComparison.Result.LOW_SAMPLE);
    assertThat(judgement.detail())
        .startsWith(
            "cannot compare with stable: 4 canary and 60 stable samples in the window, the rule needs 10 each");
  }

  @Test
  void nanSamplesAreGapsNotValues() {
    double[] canary =
        DoubleStream.concat(
                DoubleStream.of(samples(7, 8, 0.3, 0.01)),
                DoubleStream.of(Double.NaN, Double.NaN, Double.NaN))
            .toArray();

    assertThat(LATENCY.judge(0.3, 0.19, canary, samples(8, 60, 0.19, 0.01)).result())
        .isEqualTo(StableComparison.Result.LOW_SAMPLE);
  }

  @Test
  void aLargeRatioOnATinyDifferenceIsNotARegression() {
    double[] canary = samples(9, 60, 0.004, 0.0002);
    double[] stable = samples(10, 60, 0.002, 0.0002);

    var judgement = LATENCY.judge(0.004, 0.002, canary, stable);

    assertThat(judgement.pValue()).as("clearly different").isLessThan(0.0001);
    assertThat(judgement.ratio()).isEqualTo(2.0);
    assertThat(judgement.result())
        .as("2 ms apart is under min_difference 20 ms")
        .isEqualTo(StableComparison.Result.WITHIN);
  }

  @Test
  void aNoisyDifferenceOnFewSamplesIsNotSignificant() {
    // the canary looks 40 % worse on average, but the intervals overlap heavily: noise, not a
    // regression
    double[] canary = {0.10, 0.45, 0.12, 0.50, 0.11, 0.40, 0.13, 0.09, 0.48, 0.12};
    double[] stable = {0.11, 0.40, 0.10, 0.12, 0.42, 0.09, 0.10, 0.13, 0.11, 0.12};

    var judgement = LATENCY.judge(0.28, 0.20, canary, stable);

    assertThat(judgement.pValue()).isGreaterThan(0.05);
    assertThat(judgement.result()).isEqualTo(StableComparison.Result.WITHIN);
  }

  @Test
  void forAGateWhereHigherIsBetterTheCanaryIsWorseWhenLower() {
    var availability =
        new StableComparison(
            new StableComparisonSpec(1.01, Quantity.parse("0.5%"), 0.95, 10),
            Comparison.AT_LEAST,
            Unit.RATIO);
    double[] canary = samples(11, 30, 0.97, 0.002);
    double[] stable = samples(12, 30, 0.999, 0.0005);

    var judgement = availability.judge(0.97, 0.999, canary, stable);

    assertThat(judgement.regression()).isTrue();
    assertThat(judgement.difference()).isCloseTo(0.029, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anErrorRatioAgainstAStableOfZeroIsAnInfiniteRatio() {
    var errors =
        new StableComparison(
            new StableComparisonSpec(2, Quantity.parse("0.2%"), 0.95, 10),
            Comparison.AT_MOST,
            Unit.RATIO);
    double[] canary = samples(13, 30, 0.008, 0.001);
    double[] stable = new double[30];

    var judgement = errors.judge(0.008, 0, canary, stable);

    assertThat(judgement.ratio()).isInfinite();
    assertThat(judgement.regression()).isTrue();
    assertThat(judgement.detail()).contains("ratio inf");
  }

  @Test
  void theRuleRefusesMeaninglessSettings() {
    assertThatThrownBy(() -> new StableComparisonSpec(0.9, Quantity.parse("20ms"), 0.95, 10))
        .hasMessageContaining("max_ratio must be at least 1");
    assertThatThrownBy(() -> new StableComparisonSpec(1.3, Quantity.parse("20ms"), 95, 10))
        .hasMessageContaining("confidence must be between 0.5 and 1");
    assertThat(new StableComparisonSpec(1.3, Quantity.parse("20ms"), 0.95, 0).minSamples())
        .isEqualTo(StableComparisonSpec.DEFAULT_MIN_SAMPLES);
  }
}
