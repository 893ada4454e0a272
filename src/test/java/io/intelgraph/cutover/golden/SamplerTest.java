package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplerTest {

  static List<Duration> millis(int... values) {
    return IntStream.of(values).mapToObj(Duration::ofMillis).toList();
  }

  @ParameterizedTest(name = "{0} values 1..n: p50 {1}, p95 {2}")
  @CsvSource({"1, 1, 1", "2, 1, 2", "10, 5, 10", "20, 10, 19", "100, 50, 95"})
  void percentilesAreNearestRank(int n, long p50, long p95) {
    List<Duration> values =
        new ArrayList<>(IntStream.rangeClosed(1, n).mapToObj(Duration::ofMillis).toList());
    java.util.Collections.reverse(values);

    LatencySample sample = new LatencySample("m", values, Duration.ofMillis(100));

    assertThat(sample.p50()).isEqualTo(Duration.ofMillis(p50));
    assertThat(sample.p95()).isEqualTo(Duration.ofMillis(p95));
    assertThat(sample.max()).isEqualTo(Duration.ofMillis(n));
  }

  @Test
  void aP95AboveTheTargetMissesItAndSaysByHowMuch() {
    LatencySample sample =
        new LatencySample("entity write", millis(100, 120, 900), Duration.ofMillis(500));

    assertThat(sample.meetsTarget()).isFalse();
    assertThat(sample)
        .hasToString(
            "entity write: n=3 p50=120 ms p95=900 ms max=900 ms, target p95 <= 500 ms: MISSED");
  }

  @Test
  void aFailedRunIsAnErrorWithItsReasonAddsNoLatencyAndEndsTheSampling() {
    AtomicInteger calls = new AtomicInteger();
    Iterator<GoldenResult> results =
        List.of(
                GoldenResult.passed("g", Instant.now(), Map.of("m", Duration.ofMillis(10))),
                GoldenResult.failed(
                    "g",
                    Instant.now(),
                    Map.of("m", Duration.ofMillis(9999)),
                    "read-back found nothing"),
                GoldenResult.passed("g", Instant.now(), Map.of("m", Duration.ofMillis(30))))
            .iterator();

    SamplingReport report =
        new Sampler(3, Duration.ZERO)
            .sample(
                "g",
                () -> {
                  calls.incrementAndGet();
                  return results.next();
                },
                Map.of("m", Duration.ofMillis(50)));

    assertThat(calls).as("runs made after the failed one").hasValue(2);
    assertThat(report.runs()).isEqualTo(2);
    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.metric("m").values()).containsExactly(Duration.ofMillis(10));
    assertThat(report.passed()).as("a sample with an error never passes").isFalse();
    assertThat(report.failures()).containsExactly("run 2: read-back found nothing");
    assertThat(report.stopped())
        .hasValue("stopped after run 2: a failed run fails the golden whatever later runs find");
    assertThat(report.summary())
        .startsWith(
            "g: 2 runs, 1 errors; stopped after run 2: a failed run fails the golden whatever later runs find;");
    assertThat(report.toTable())
        .contains("Sampling stopped after run 2: a failed run fails the golden")
        .contains("| m | 1 | 1 | 10 ms | 10 ms | 10 ms | 50 ms | met |")
        .contains("- run 2: read-back found nothing");
  }

  @Test
  void aSampleWithoutFailuresRunsItsFullCountAndSaysNothingOfStopping() {
    SamplingReport report =
        new Sampler(4, Duration.ZERO)
            .sample(
                "g",
                () -> GoldenResult.passed("g", Instant.now(), Map.of("m", Duration.ofMillis(1))),
                Map.of("m", Duration.ofMillis(5)));

    assertThat(report.runs()).isEqualTo(4);
    assertThat(report.stopped()).isEmpty();
    assertThat(report.summary()).doesNotContain("stopped");
    assertThat(report.toTable()).doesNotContain("stopped");
  }

  @Test
  void aRunThatThrowsIsAnErrorNotACrash() {
    SamplingReport report =
        new Sampler(2, Duration.ZERO)
            .sample(
                "g",
                () -> {
                  throw new IllegalStateException("boom");
                },
                Map.of("m", Duration.ofMillis(50)));

    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.failures())
        .containsExactly("run 1: run threw java.lang.IllegalStateException: boom");
    assertThat(report.toTable()).contains("| m | 0 | 1 | — | — | — | 50 ms | MISSED |");
  }

  @Test
  void aDurationKeepsSamplingPastTheCount() {
    SamplingReport report =
        new Sampler(1, Duration.ofMillis(50))
            .sample(
                "g",
                () -> GoldenResult.passed("g", Instant.now(), Map.of("m", Duration.ofMillis(1))),
                Map.of("m", Duration.ofMillis(5)));

    assertThat(report.runs()).isGreaterThan(1);
    assertThat(report.wallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void aMisnamedMetricIsAProgrammingErrorNamedAsSuch() {
    assertThatThrownBy(
            () ->
                new Sampler(1, Duration.ZERO)
                    .sample(
                        "g",
                        () ->
                            GoldenResult.passed(
                                "g", Instant.now(), Map.of("latency", Duration.ofMillis(1))),
                        Map.of("m", Duration.ofMillis(5))))
        .hasMessage("g passed but measured no 'm' (it measured [latency]); fix the metric name");
  }

  static final TrackAttribution BY_HEADER = TrackAttribution.from(GoldensAgainstPeerTest.GOLDENS);

  static GoldenResult servedBy(ServingTrack track, long millis) {
    return GoldenResult.passed("g", Instant.now(), Map.of("m", Duration.ofMillis(millis)))
        .servedBy(track);
  }

  @Test
  void theCanarysSamplingKeepsGoingUntilEnoughRunsReachedTheCanaryAndCountsOnlyTheirLatencies() {
    Iterator<GoldenResult> results =
        List.of(
                servedBy(ServingTrack.STABLE, 900),
                servedBy(ServingTrack.CANARY, 10),
                servedBy(ServingTrack.STABLE, 900),
                servedBy(ServingTrack.CANARY, 20))
            .iterator();

    SamplingReport report =
        new Sampler(2, Duration.ZERO)
            .sampleOnCanary(
                "g",
                results::next,
                Map.of("m", Duration.ofMillis(50)),
                BY_HEADER,
                10,
                Duration.ofSeconds(10));

    assertThat(report.runs()).isEqualTo(4);
    assertThat(report.metric("m").values())
        .as("the stable runs' 900 ms are not the canary's")
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.summary())
        .contains("2 of 4 samples reached the canary (needed 2; track by response header x-track)")
        .contains("served by stable 2, canary 2");
    assertThat(report.toTable())
        .contains("Served by: stable 2, canary 2")
        .contains("the latencies below are the canary's samples only");
  }

  @Test
  void aCanaryThatNeverAnswersFailsSayingNoneOfTheBoundedRunsReachedIt() {
    SamplingReport report =
        new Sampler(3, Duration.ZERO)
            .sampleOnCanary(
                "g",
                () -> servedBy(ServingTrack.STABLE, 5),
                Map.of("m", Duration.ofMillis(50)),
                BY_HEADER,
                12,
                Duration.ofSeconds(10));

    assertThat(report.runs()).as("bounded by canary_max_runs").isEqualTo(12);
    assertThat(report.errors()).isZero();
    assertThat(report.passed()).isFalse();
    assertThat(report.summary())
        .contains(
            "0 of 12 samples reached the canary (needed 3; track by response header x-track)");
    assertThat(report.toTable()).contains("**0 of 12 samples reached the canary");
  }

  @Test
  void theCanarysSamplingIsBoundedInTime() {
    SamplingReport report =
        new Sampler(3, Duration.ZERO)
            .sampleOnCanary(
                "g",
                () -> servedBy(ServingTrack.UNKNOWN, 5),
                Map.of("m", Duration.ofMillis(50)),
                BY_HEADER,
                Integer.MAX_VALUE,
                Duration.ofMillis(100));

    assertThat(report.wallTime()).isLessThan(Duration.ofSeconds(5));
    assertThat(report.passed()).isFalse();
    assertThat(report.summary())
        .contains("0 of %d samples reached the canary".formatted(report.runs()))
        .contains("served by unknown");
  }

  @Test
  void withoutAnyWayToTellTheTrackTheCanarysGoldensFailAsUnprovable() {
    SamplingReport report =
        new Sampler(2, Duration.ZERO)
            .sampleOnCanary(
                "g",
                () -> servedBy(ServingTrack.UNKNOWN, 5),
                Map.of("m", Duration.ofMillis(50)),
                TrackAttribution.none(),
                50,
                Duration.ofSeconds(10));

    assertThat(report.runs()).as("no point in sampling up to the bound").isEqualTo(2);
    assertThat(report.passed()).isFalse();
    assertThat(report.summary())
        .contains(
            "could not prove the canary was exercised: 0 of 2 samples provably reached the canary (needed 2):"
                + " neither endpoints.canary_api nor goldens.track_header is configured");
  }

  @Test
  void aFailedRunOnTheStableTrackStillFailsTheCanarysReportAndNamesItsTrack() {
    Iterator<GoldenResult> results =
        List.of(
                GoldenResult.failed("g", Instant.now(), Map.of(), "createEntity failed: HTTP 503")
                    .servedBy(ServingTrack.STABLE),
                servedBy(ServingTrack.CANARY, 10))
            .iterator();

    SamplingReport report =
        new Sampler(1, Duration.ZERO)
            .sampleOnCanary(
                "g",
                results::next,
                Map.of("m", Duration.ofMillis(50)),
                BY_HEADER,
                10,
                Duration.ofSeconds(10));

    assertThat(report.runs()).as("the failed run decided it").isEqualTo(1);
    assertThat(report.passed()).as("a journey broken for stable users is broken").isFalse();
    assertThat(report.failures()).containsExactly("run 1 (stable): createEntity failed: HTTP 503");
    assertThat(report.summary())
        .contains(
            "g: 1 runs, 1 errors; stopped after run 1: a failed run fails the golden whatever later runs find;"
                + " 0 of 1 samples reached the canary (needed 1");
  }

  /**
   * The halted canary's case: a subscription that times out on every run costs one timeout, not one
   * per run until {@code canary_max_runs} or enough canary-served runs.
   */
  @Test
  void aCanaryGoldenFailingOnEveryRunStopsAtTheFirstInsteadOfSamplingToItsBounds() {
    AtomicInteger calls = new AtomicInteger();
    SamplingReport report =
        new Sampler(3, Duration.ZERO)
            .sampleOnCanary(
                "g",
                () -> {
                  calls.incrementAndGet();
                  return GoldenResult.failed(
                          "g", Instant.now(), Map.of(), "step 'event' timed out after 5000 ms")
                      .servedBy(ServingTrack.CANARY);
                },
                Map.of("m", Duration.ofMillis(50)),
                BY_HEADER,
                100,
                Duration.ofMinutes(2));

    assertThat(calls).as("runs of the golden").hasValue(1);
    assertThat(report.passed()).isFalse();
    assertThat(report.summary())
        .startsWith(
            "g: 1 runs, 1 errors; stopped after run 1: a failed run fails the golden whatever later runs find;")
        .contains("first failure: run 1 (canary): step 'event' timed out after 5000 ms");
  }
}
