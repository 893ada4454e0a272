package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepComplianceTest {

  static final Threshold P95 = Threshold.parse("<= 350ms");
  static final Instant T = Instant.parse("2026-09-24T15:00:00Z");

  static Sample at(int second, double value) {
    return new Sample(T.plusSeconds(second), value);
  }

  @Test
  void theShareOfStepsAtOrUnderTheThreshold() {
    StepCompliance c =
        StepCompliance.of(List.of(at(0, 0.2), at(1, 0.35), at(2, 0.36), at(3, 0.1)), P95);
    assertThat(c.compliant()).isEqualTo(3);
    assertThat(c.share()).isEqualTo(0.75);
  }

  @Test
  void aStepWithoutAFiniteValueIsNeverCompliantTime() {
    StepCompliance c =
        StepCompliance.of(
            List.of(at(0, 0.2), at(1, Double.NaN), at(2, Double.POSITIVE_INFINITY)), P95);
    assertThat(c.notFinite()).isEqualTo(2);
    assertThat(c.share()).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(c)
        .hasToString("1 of 3 steps <= 350 ms (2 without a finite value, counted as not compliant)");
  }

  @Test
  void noStepsIsNoShareNotFullCompliance() {
    assertThat(StepCompliance.of(List.of(), P95).share()).isNaN();
  }
}
