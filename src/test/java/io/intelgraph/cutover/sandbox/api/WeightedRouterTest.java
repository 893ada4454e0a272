package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightedRouterTest {

  private static double canaryShare(WeightedRouter router, int picks) {
    return IntStream.range(0, picks).filter(i -> router.pick() == Track.CANARY).count()
        / (double) picks;
  }

  @ParameterizedTest(name = "weight {0} -> canary share {0}% +- {1}%")
  @CsvSource({"0, 0", "10, 5", "40, 5", "50, 5", "100, 0"})
  void canaryShareFollowsTheWeight(int weight, int tolerancePercent) {
    WeightedRouter router = new WeightedRouter(TrafficWeights.fixed(weight), new Random(7));

    assertThat(canaryShare(router, 2_000))
        .isCloseTo(weight / 100.0, within(tolerancePercent / 100.0));
  }

  @Test
  void aWeightChangeAppliesToTheNextPick() {
    AtomicInteger weight = new AtomicInteger(0);
    WeightedRouter router = new WeightedRouter(weight::get, new Random(1));
    assertThat(canaryShare(router, 200)).isZero();

    weight.set(100);

    assertThat(canaryShare(router, 200)).isEqualTo(1.0);
  }

  @Test
  void aFailingOrInvalidWeightSourceKeepsTheLastGoodWeight() {
    AtomicInteger weight = new AtomicInteger(100);
    WeightedRouter router =
        new WeightedRouter(
            () -> {
              if (weight.get() < 0) {
                throw new IllegalStateException("ingress unreachable");
              }
              return weight.get();
            },
            new Random(1));
    router.pick();

    weight.set(-1);
    assertThat(canaryShare(router, 50)).isEqualTo(1.0);
    assertThat(router.weightFailures()).isEqualTo(50);
  }

  @Test
  void fixedWeightsOutsideZeroToHundredAreRejectedWithTheFix() {
    assertThatThrownBy(() -> TrafficWeights.fixed(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TrafficWeights.fixed: canary weight is 101; expected a percentage between 0 and 100");
    assertThat(TrafficWeights.fixed(25).canaryPercent()).isEqualTo(25);
    assertThat(TrafficWeights.fixed(25)).isEqualTo(TrafficWeights.fixed(25));
  }
}
