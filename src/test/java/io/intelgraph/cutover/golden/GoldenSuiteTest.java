package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How often the security goldens repeat each forgery so every track taking traffic sees it. */
class GoldenSuiteTest {

  @ParameterizedTest(name = "{0} % canary -> {1} attempts")
  @CsvSource({"0, 1", "100, 1", "20, 31", "80, 31", "40, 14", "50, 10", "1, 500"})
  void attemptsFollowTheSmallerShare(int canaryPercent, int attempts) {
    assertThat(GoldenSuite.attemptsFor(canaryPercent)).isEqualTo(attempts);
  }

  @Test
  void everyTrackIsMissedWithAtMostTheStatedProbability() {
    for (int percent = 5; percent <= 95; percent++) {
      double share = Math.min(percent, 100 - percent) / 100.0;
      assertThat(Math.pow(1 - share, GoldenSuite.attemptsFor(percent)))
          .as("%d %%", percent)
          .isLessThanOrEqualTo(GoldenSuite.MISS_PROBABILITY);
    }
  }

  @Test
  void aPercentOutOfRangeIsRefused() {
    assertThatThrownBy(() -> GoldenSuite.attemptsFor(101))
        .hasMessage("canary percent must be 0..100, got 101");
  }
}
