package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Cadence;
import io.intelgraph.cutover.config.GateCheckOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckCadenceTest {

  static final Instant PREVIOUS = Instant.parse("2025-09-21T15:15:00Z");

  /** A cadence with these timings; the rest as in production. */
  static CheckCadence cadence(
      Duration scrape, Duration rateWindow, Duration gateInterval, Duration soak) {
    return new CheckCadence(
        new Cadence(
            scrape,
            rateWindow,
            gateInterval,
            List.of(
                GateCheckOffset.parse("15m"),
                GateCheckOffset.parse("30m"),
                GateCheckOffset.parse("60m")),
            Cadence.ClockFrom.T0,
            Duration.ofMinutes(15),
            20,
            List.of(40, 60, 80, 100),
            soak,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            true,
            Duration.ofHours(24),
            Duration.ofHours(72)));
  }

  static final CheckCadence PRODUCTION =
      cadence(
          Duration.ofSeconds(15),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(10));

  /** Compressed like the sandbox: the gate interval is shorter than a fresh window. */
  static final CheckCadence COMPRESSED =
      cadence(
          Duration.ofSeconds(1),
          Duration.ofSeconds(15),
          Duration.ofSeconds(5),
          Duration.ofSeconds(3));

  @Test
  void aFreshWindowIsTheRateWindowPlusTwoScrapes() {
    assertThat(PRODUCTION.freshWindow()).isEqualTo(Duration.ofMinutes(5).plusSeconds(30));
    assertThat(COMPRESSED.freshWindow()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void aFollowUpWaitsForTheGateIntervalInProduction() {
    assertThat(PRODUCTION.followUpInterval()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aFollowUpNeverJudgesTheWindowOfTheFailureItFollows() {
    assertThat(COMPRESSED.followUpInterval())
        .as("gate interval 5 s, fresh window 17 s")
        .isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void aRampStepSoaksAtLeastAFreshWindow() {
    assertThat(PRODUCTION.soak())
        .as("soak 10 min is longer than a fresh window")
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(COMPRESSED.soak())
        .as("soak 3 s is shorter than a fresh window")
        .isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void theNextCheckIsDueAGateIntervalLaterOrAFollowUpLaterAfterAFailure() {
    assertThat(COMPRESSED.nextCheckAfter(PREVIOUS, false)).isEqualTo(PREVIOUS.plusSeconds(5));
    assertThat(COMPRESSED.nextCheckAfter(PREVIOUS, true)).isEqualTo(PREVIOUS.plusSeconds(17));
    assertThat(PRODUCTION.nextCheckAfter(PREVIOUS, true))
        .isEqualTo(PREVIOUS.plus(Duration.ofMinutes(15)));
  }
}
