package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoverageTest {

  static final Instant NOW = Instant.parse("2026-09-24T15:00:00Z");
  static final Duration STEP = Duration.ofSeconds(1);
  final BakeWindow minute =
      BakeWindow.trailing(Duration.ofMinutes(1), NOW.minus(Duration.ofHours(1)), NOW);

  static Series seconds(int fromSecondsAgo, int toSecondsAgo, double value) {
    return new Series(
        Map.of(),
        IntStream.rangeClosed(toSecondsAgo, fromSecondsAgo)
            .map(i -> fromSecondsAgo + toSecondsAgo - i)
            .mapToObj(ago -> new Sample(NOW.minusSeconds(ago), value))
            .toList());
  }

  @Test
  void onlyTheStepsWithDataAreCovered() {
    Coverage c = Coverage.of(minute, Optional.of(seconds(14, 0, 40)), STEP, "q");
    assertThat(c.stepsWithData()).isEqualTo(15);
    assertThat(c.steps()).isEqualTo(61);
    assertThat(c.covered()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.fraction()).isEqualTo(0.25);
    assertThat(c.meets(0.25)).isTrue();
    assertThat(c.meets(0.9)).isFalse();
    assertThat(c.firstData()).contains(NOW.minusSeconds(14));
    assertThat(c.toString())
        .startsWith("covered 15 s of the configured 1 min (25.0 %: 15 of 61 steps of 1 s had data");
  }

  @Test
  void noSeriesCoversNothing() {
    Coverage c = Coverage.of(minute, Optional.empty(), STEP, "q");
    assertThat(c.fraction()).isZero();
    assertThat(c.meets(0.01)).isFalse();
    assertThat(c.firstData()).isEmpty();
  }

  @Test
  void nanStepsAndStepsOutsideTheWindowAreNotCoverage() {
    Series series =
        new Series(
            Map.of(),
            List.of(
                new Sample(NOW.minusSeconds(120), 1),
                new Sample(NOW.minusSeconds(2), Double.NaN),
                new Sample(NOW.minusSeconds(1), 3)));
    assertThat(Coverage.of(minute, Optional.of(series), STEP, "q").stepsWithData()).isEqualTo(1);
  }

  @Test
  void aClippedWindowIsCoveredOnlyForItsLengthAgainstTheConfiguredWindow() {
    BakeWindow clipped = BakeWindow.trailing(Duration.ofMinutes(1), NOW.minusSeconds(30), NOW);
    Coverage c = Coverage.of(clipped, Optional.of(seconds(30, 0, 1)), STEP, "q");
    assertThat(c.covered()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.fraction()).isEqualTo(0.5);
  }
}
