package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

  static final Duration BAKE = Duration.ofHours(72);
  static final Duration MONTH = Duration.ofDays(30);

  @Test
  void seventyTwoHoursAtExactlyTheSloRateSpendTenPercentOfTheMonthsBudget() {
    ErrorBudget b = new ErrorBudget(1_000, 1_000_000, BAKE, 0.999, MONTH);
    assertThat(b.errorRatio()).isCloseTo(0.001, within(1e-12));
    assertThat(b.periodShare()).isCloseTo(0.1, within(1e-12));
    assertThat(b.burn()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void twiceTheAllowedErrorRatioForSeventyTwoHoursIsTwentyPercent() {
    assertThat(new ErrorBudget(2_000, 1_000_000, BAKE, 0.999, MONTH).burn())
        .isCloseTo(0.2, within(1e-9));
  }

  @Test
  void theArithmeticIsSpelledOutSoAPersonCanRecomputeIt() {
    ErrorBudget b = new ErrorBudget(12, 48_000, BAKE, 0.999, MONTH);
    assertThat(b.arithmetic())
        .isEqualTo(
            "12 bad of 48000 requests = 0.025 % error ratio; the 99.9 % SLO allows 0.1 % over 720 h;"
                + " the window is 72 h = 10 % of the period; burn = (0.025 % / 0.1 %) x 10 % = 2.5 % of the period's error budget");
  }

  @Test
  void noRequestsIsNoBudgetArithmetic() {
    assertThatThrownBy(() -> new ErrorBudget(0, 0, BAKE, 0.999, MONTH))
        .hasMessageContaining("total requests must be positive");
    assertThatThrownBy(() -> new ErrorBudget(0, 10, BAKE, 1.0, MONTH))
        .hasMessageContaining("slo must be a ratio in (0, 1)");
  }
}
