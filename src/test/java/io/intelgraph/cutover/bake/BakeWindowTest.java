package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BakeWindowTest {

  static final Instant NOW = Instant.parse("2026-09-24T15:00:00Z");

  @Test
  void aWindowOlderThanFullTrafficIsTheWholeConfiguredWindow() {
    BakeWindow w = BakeWindow.trailing(Duration.ofHours(24), NOW.minus(Duration.ofHours(30)), NOW);
    assertThat(w.start()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(w.length()).isEqualTo(Duration.ofHours(24));
    assertThat(w.clipped()).isFalse();
    assertThat(w.range()).isEqualTo("86400s");
  }

  @Test
  void aWindowNeverStartsBeforeFullTraffic() {
    Instant fullTraffic = NOW.minus(Duration.ofHours(2));
    BakeWindow w = BakeWindow.trailing(Duration.ofHours(24), fullTraffic, NOW);
    assertThat(w.start()).isEqualTo(fullTraffic);
    assertThat(w.clipped()).isTrue();
    assertThat(w)
        .hasToString(
            "2026-09-24T13:00:00Z..2026-09-24T15:00:00Z (2 h of the configured 24 h; starts at full traffic 2026-09-24T13:00:00Z)");
  }

  @Test
  void fullTrafficInTheFutureIsAnEmptyWindowNotAnError() {
    BakeWindow w = BakeWindow.trailing(Duration.ofMinutes(1), NOW.plusSeconds(5), NOW);
    assertThat(w.length()).isZero();
    assertThat(w.range()).isEqualTo("1s");
  }

  @Test
  void theStepFollowsTheConfiguredWindowButIsNeverFinerThanAScrape() {
    BakeWindow day = BakeWindow.trailing(Duration.ofHours(72), NOW.minus(Duration.ofDays(4)), NOW);
    assertThat(day.step(Duration.ofSeconds(15), 720)).isEqualTo(Duration.ofMinutes(6));
    BakeWindow sandbox =
        BakeWindow.trailing(Duration.ofMinutes(1), NOW.minus(Duration.ofDays(4)), NOW);
    assertThat(sandbox.step(Duration.ofSeconds(1), 720)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aWindowMustBePositiveAndInOrder() {
    assertThatThrownBy(() -> new BakeWindow(Duration.ZERO, NOW, NOW, NOW))
        .hasMessageContaining("window must be positive");
    assertThatThrownBy(() -> new BakeWindow(Duration.ofMinutes(1), NOW, NOW.minusSeconds(1), NOW))
        .hasMessageContaining("is before its start");
  }
}
