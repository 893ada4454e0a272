package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  static final Instant T30 = Instant.parse("2026-11-27T14:30:00Z");
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  static Ledger ledgerWith(Baseline... baselines) {
    Ledger ledger = Ledger.start("v1", T30);
    for (Baseline b : baselines) ledger = ledger.withBaseline(b);
    return ledger;
  }

  @Test
  void aLedgerBaselineOfTheSameWindowIsUsedWithItsTimeWindowAndSource() {
    Ledger ledger =
        ledgerWith(new Baseline("api_p95", 0.21, "s", "q", T30, Optional.of(FIVE_MINUTES)));

    Baselines baselines = ledger.baselinesFor("target/l.json", FIVE_MINUTES, "fix");

    assertThat(baselines.measured("api_p95"))
        .hasValueSatisfying(
            m -> {
              assertThat(m.value()).isEqualTo(0.21);
              assertThat(m.window()).contains(FIVE_MINUTES);
              assertThat(m.at()).contains(T30);
              assertThat(m.source())
                  .isEqualTo("ledger target/l.json (attempt %s)".formatted(ledger.attemptId()));
            });
  }

  @Test
  void aLedgerBaselineOfAnotherRateWindowIsNotComparableAndSaysWhy() {
    Ledger ledger =
        ledgerWith(
            new Baseline("api_p95", 0.21, "s", "q", T30, Optional.of(Duration.ofSeconds(15))));

    Baselines baselines = ledger.baselinesFor("L", FIVE_MINUTES, "fix");

    assertThat(baselines.measured("api_p95")).isEmpty();
    assertThat(baselines.whyMissing("api_p95"))
        .isEqualTo(
            "the recorded baseline (0.21 at 2026-11-27T14:30:00Z) was measured over a 15s"
                + " rate window, this run's cadence.rate_window is 5m");
  }

  @Test
  void aNegativeLedgerBaselineIsNotUsable() {
    Ledger ledger =
        ledgerWith(new Baseline("kafka_lag_growth", -2, "/s", "q", T30, Optional.of(FIVE_MINUTES)));

    Baselines baselines = ledger.baselinesFor("L", FIVE_MINUTES, "fix");

    assertThat(baselines.measured("kafka_lag_growth")).isEmpty();
    assertThat(baselines.whyMissing("kafka_lag_growth")).contains("is negative");
  }

  @Test
  void aBaselineWithoutAWindowFromAnOlderLedgerIsUsedAsRecorded() {
    Ledger ledger = ledgerWith(new Baseline("api_p95", 0.21, "s", "q", T30));

    assertThat(ledger.baselinesFor("L", FIVE_MINUTES, "fix").of("api_p95")).hasValue(0.21);
  }

  @Test
  void givenValuesMustBeFiniteAndNonNegative() {
    assertThatThrownBy(() -> new Baselines(Map.of("api_p95", -0.1)))
        .hasMessage("baseline for api_p95 must be a finite, non-negative number, got -0.1");
  }
}
