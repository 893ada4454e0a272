package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.testing.TestClock;
import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPolicyTest {

  private final TestClock clock = new TestClock("2026-11-27T10:00:00Z");
  private final FaultSwitch faults = new FaultSwitch(clock);
  private final FaultPolicy policy =
      new FaultPolicy(faults, FaultTuning.defaults(), clock, new Random(3));

  private long failures(Track track, int requests) {
    return IntStream.range(0, requests).filter(i -> policy.failWith503(track)).count();
  }

  @Test
  void healthyHurtsNobody() {
    assertThat(failures(Track.CANARY, 1000)).isZero();
    assertThat(policy.addedLatency(Track.CANARY)).isZero();
    assertThat(policy.acceptInvalidToken(Track.CANARY)).isFalse();
    assertThat(policy.dropSubscriptionEvents()).isFalse();
  }

  @Test
  void aServiceTimeIsEveryRequestsFloorOnBothTracksAndFaultsAddToIt() {
    FaultPolicy slowerApi =
        new FaultPolicy(
            faults,
            FaultTuning.defaults().withServiceTime(Duration.ofMillis(30)),
            clock,
            new Random(3));
    assertThat(slowerApi.addedLatency(Track.STABLE)).isEqualTo(Duration.ofMillis(30));
    assertThat(slowerApi.addedLatency(Track.CANARY)).isEqualTo(Duration.ofMillis(30));

    faults.activate(Fault.CANARY_SLOWER);
    assertThat(slowerApi.addedLatency(Track.STABLE)).isEqualTo(Duration.ofMillis(30));
    assertThat(slowerApi.addedLatency(Track.CANARY))
        .isBetween(Duration.ofMillis(80), Duration.ofMillis(99));
  }

  @Test
  void aServiceTimeOutsideZeroToOneSecondIsRefusedNamingTheBound() {
    assertThatThrownBy(() -> FaultTuning.defaults().withServiceTime(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FaultTuning.serviceTime is PT2S; expected 0..1s");
  }

  @Test
  void canary5xxFailsAboutThirtyPercentOfCanaryRequestsOnly() {
    faults.activate(Fault.CANARY_5XX);

    assertThat(failures(Track.CANARY, 2000)).isBetween(500L, 700L);
    assertThat(failures(Track.STABLE, 2000)).isZero();
  }

  @Test
  void api5xxFailsAboutThirtyPercentOfTheRequestsOfBothTracks() {
    faults.activate(Fault.API_5XX);

    assertThat(failures(Track.CANARY, 2000)).as("canary 503s of 2000").isBetween(500L, 700L);
    assertThat(failures(Track.STABLE, 2000)).as("stable 503s of 2000").isBetween(500L, 700L);
  }

  @Test
  void canaryErrorsUnderSloFailEveryOneHundredSixtySeventhCanaryRequestOnly() {
    faults.activate(Fault.CANARY_ERRORS_UNDER_SLO);

    assertThat(failures(Track.CANARY, 1670)).isEqualTo(10);
    assertThat(failures(Track.STABLE, 1670)).isZero();
  }

  @Test
  void route5xxFailsEveryFourthCanaryRequestToTheLowVolumeRouteOnly() {
    faults.activate(Fault.ROUTE_5XX);

    assertThat(
            IntStream.range(0, 400)
                .filter(i -> policy.failWith503(Track.CANARY, TrackMetrics.ROUTE_HEALTH))
                .count())
        .as("canary /api/health 503s of 400")
        .isEqualTo(100);
    assertThat(
            IntStream.range(0, 400)
                .filter(i -> policy.failWith503(Track.CANARY, TrackMetrics.ROUTE_GRAPHQL))
                .count())
        .as("canary /graphql 503s")
        .isZero();
    assertThat(
            IntStream.range(0, 400)
                .filter(i -> policy.failWith503(Track.STABLE, TrackMetrics.ROUTE_HEALTH))
                .count())
        .as("stable /api/health 503s")
        .isZero();
  }

  @Test
  void canarySlowerStaysUnderTheLatencyThresholdsOnTheCanaryOnly() {
    faults.activate(Fault.CANARY_SLOWER);

    assertThat(policy.addedLatency(Track.CANARY))
        .isBetween(Duration.ofMillis(50), Duration.ofMillis(70));
    assertThat(policy.addedLatency(Track.STABLE)).isZero();
  }

  @Test
  void canaryLatencyAddsTheTunedDelayOnTheCanaryOnly() {
    faults.activate(Fault.CANARY_LATENCY);

    assertThat(policy.addedLatency(Track.CANARY))
        .isBetween(Duration.ofMillis(600), Duration.ofMillis(650));
    assertThat(policy.addedLatency(Track.STABLE)).isZero();
  }

  @Test
  void briefSpikeEndsByItselfAfterItsDuration() {
    faults.activate(Fault.BRIEF_SPIKE);
    clock.advance(Duration.ofSeconds(7));
    assertThat(policy.addedLatency(Track.CANARY)).as("7s into an 8s spike").isPositive();
    assertThat(failures(Track.CANARY, 200)).isPositive();

    clock.advance(Duration.ofSeconds(1));

    assertThat(policy.addedLatency(Track.CANARY)).as("8s after activation").isZero();
    assertThat(failures(Track.CANARY, 200)).isZero();
  }

  @Test
  void authRegressionIsACanaryOnlySecurityRegression() {
    faults.activate(Fault.AUTH_REGRESSION);

    assertThat(policy.acceptInvalidToken(Track.CANARY)).isTrue();
    assertThat(policy.acceptInvalidToken(Track.STABLE)).isFalse();
    assertThat(IntStream.range(0, 1000).filter(i -> policy.rejectValidToken(Track.CANARY)).count())
        .isBetween(230L, 370L);
    assertThat(IntStream.range(0, 100).filter(i -> policy.rejectValidToken(Track.STABLE)).count())
        .isZero();
  }

  @Test
  void faultsThatAreNotTheApisChangeNothing() {
    for (Fault other : new Fault[] {Fault.KAFKA_LAG, Fault.PROMETHEUS_DOWN}) {
      faults.activate(other);
      assertThat(failures(Track.CANARY, 200)).as(other.scenario()).isZero();
      assertThat(policy.addedLatency(Track.CANARY)).as(other.scenario()).isZero();
    }
  }
}
