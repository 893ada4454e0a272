package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intelgraph.cutover.config.KpiQuery;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.BackfilledPrometheus;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scenarios;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe against a real Prometheus on known history ({@link Scenarios#standard()}: stable 40 rps
 * with 0.2 % 5xx; canary 10 rps, healthy for the first hour, 5 % 5xx from minute 92 to 150).
 */
class BakeProbeIT {

  static final Duration RATE = Duration.ofMinutes(5);
  static final Duration SCRAPE = Scenarios.SCRAPE;
  static final String REQUESTS = "http_requests_total";
  // the history is labelled as the runbook's queries read it (status), see ScenarioData
  static final String NOT_5XX = "http_requests_total{status!~\"5..\"}";
  static final String IS_5XX = "http_requests_total{status=~\"5..\"}";
  static BackfilledPrometheus prometheus;
  static BakeProbe probe;

  @BeforeAll
  static void start() {
    prometheus = BackfilledPrometheus.start(Scenarios.standard());
    probe = probe(0.9);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) prometheus.close();
  }

  static BakeProbe probe(double minCoverage) {
    return new BakeProbe(
        new PromQlClient(prometheus.url(), Duration.ofSeconds(5)), RATE, SCRAPE, minCoverage, 100);
  }

  /** 40 minutes of the healthy first hour. */
  static BakeWindow healthy() {
    return BakeWindow.trailing(
        Duration.ofMinutes(40), Scenarios.START, Scenarios.START.plus(Duration.ofMinutes(50)));
  }

  @Test
  void availabilityOfAHealthyWindowIsItsNon5xxShare() {
    BakeResult r =
        probe.ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99%"), healthy());
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.PASS);
    assertThat(r.value().getAsDouble()).isCloseTo(0.998, within(0.0005));
    assertThat(r.coverage().orElseThrow().fraction()).isGreaterThan(0.95);
    assertThat(r.describe())
        .contains(
            "availability at 2026-11-20T00:50:00Z: PASS, value 99.8 %, target > 99 %",
            "sum(increase(http_requests_total[2400s]))");
  }

  @Test
  void aStatusLabelTheSeriesDoNotCarryIsAnErrorNeverAHundredPercent() {
    BakeResult availability =
        probe.ratio(
            "availability",
            "http_requests_total{status_code!~\"5..\"}",
            REQUESTS,
            Threshold.parse("> 99%"),
            healthy());
    BakeResult budget =
        probe.errorBudget(
            "error budget burn",
            "http_requests_total{status_code=~\"5..\"}",
            REQUESTS,
            0.999,
            Duration.ofMinutes(400),
            Threshold.parse("< 20%"),
            healthy());

    for (BakeResult r : List.of(availability, budget)) {
      assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.ERROR);
      assertThat(r.value()).isEmpty();
      assertThat(r.describe())
          .contains(
              "its query does not read this Prometheus's series",
              "http_requests_total has labels {status, track} in the window",
              "matches on status_code: set prometheus.labels.status");
    }
  }

  @Test
  void theRunbooksAvailabilityTargetIsMissedByTwoPerMille5xx() {
    BakeResult r =
        probe.ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99.9%"), healthy());
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.BREACH);
    assertThat(r.describe()).contains("BREACH, value 99.8 %, target > 99.9 %", "misses > 99.9 %");
  }

  @Test
  void aWindowMostlyBeforeTheDataIsNoDataNotAPass() {
    BakeWindow early =
        BakeWindow.trailing(
            Duration.ofMinutes(40),
            Scenarios.START.minus(Duration.ofHours(1)),
            Scenarios.START.plus(Duration.ofMinutes(10)));
    BakeResult r = probe.ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99%"), early);
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.NO_DATA);
    assertThat(r.describe())
        .contains("too little of the window holds data", "< min_coverage 90.0 %");
    assertThat(r.coverage().orElseThrow().fraction()).isBetween(0.2, 0.3);
    assertThat(
            probe(0.2)
                .ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99%"), early)
                .outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aWindowBeforeAnyDataIsNoData() {
    BakeWindow before =
        BakeWindow.trailing(
            Duration.ofMinutes(40),
            Scenarios.BEFORE_DATA.minus(Duration.ofHours(2)),
            Scenarios.BEFORE_DATA);
    BakeResult r = probe.ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99%"), before);
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.NO_DATA);
    assertThat(r.value()).isEmpty();
  }

  @Test
  void sustained5xxBurnsTheErrorBudgetAndTheMessageShowsTheArithmetic() {
    BakeWindow sustained =
        BakeWindow.trailing(
            Duration.ofMinutes(50), Scenarios.START, Scenarios.START.plus(Duration.ofMinutes(145)));
    // overall 5xx: (40 x 0.2 % + 10 x 5 %) / 50 = 1.16 %; 50 min of a 500 min period is 10 %: (1.16
    // % / 0.1 %) x 10 % = 116 %
    BakeResult r =
        probe.errorBudget(
            "error budget burn",
            IS_5XX,
            REQUESTS,
            0.999,
            Duration.ofMinutes(500),
            Threshold.parse("< 20%"),
            sustained);
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.BREACH);
    assertThat(r.value().getAsDouble()).isCloseTo(1.16, within(0.05));
    assertThat(r.describe())
        .contains(
            "the 99.9 % SLO allows 0.1 % over 500 min",
            "the window is 50 min = 10 % of the period", "burn = (1.1");
  }

  @Test
  void aHealthyWindowSpendsLittleOfALooserBudget() {
    BakeResult r =
        probe.errorBudget(
            "error budget burn",
            IS_5XX,
            REQUESTS,
            0.99,
            Duration.ofMinutes(400),
            Threshold.parse("< 20%"),
            healthy());
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.PASS);
    assertThat(r.value().getAsDouble()).isCloseTo(0.02, within(0.003));
  }

  @Test
  void p95ComplianceIsTheShareOfStepsUnderTheThreshold() {
    BakeResult ok =
        probe.p95Compliance(
            "p95 compliance",
            "http_request_duration_seconds_bucket",
            "http_request_duration_seconds_count",
            Threshold.parse("<= 350ms"),
            Threshold.parse(">= 99%"),
            healthy());
    assertThat(ok.outcome()).as(ok.describe()).isEqualTo(Outcome.PASS);
    assertThat(ok.value().getAsDouble()).isEqualTo(1.0);
    BakeResult tight =
        probe.p95Compliance(
            "p95 compliance",
            "http_request_duration_seconds_bucket",
            "http_request_duration_seconds_count",
            Threshold.parse("<= 200ms"),
            Threshold.parse(">= 99%"),
            healthy());
    assertThat(tight.outcome()).as(tight.describe()).isEqualTo(Outcome.BREACH);
    assertThat(tight.describe()).contains("0 of 161 steps <= 200 ms");
  }

  @Test
  void aConfiguredQueryGetsTheWindowAndEverySeriesIsJudged() {
    KpiQuery perTrack =
        new KpiQuery(
            "tenant_mix",
            "sum by (track) (increase(http_requests_total[{{window}}])) / scalar(sum(increase(http_requests_total[{{window}}])))",
            Optional.of(Threshold.parse("<= 70%")));
    BakeResult r = probe.configured("Tenant mix stable", perTrack, healthy());
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.BREACH);
    assertThat(r.value().getAsDouble()).isCloseTo(0.8, within(0.001));
    assertThat(r.describe())
        .contains("2 series: ", "{track=\"canary\"} = 0.2", "{track=\"stable\"} = 0.8", "[2400s]");
  }

  @Test
  void requestsPerMinuteAreCountedOverTheTimeTheWindowHoldsData() {
    // 40 + 10 rps of which 99.8 % are not 5xx: 2,994/min; the window starts 10 min before the data
    BakeWindow early =
        BakeWindow.trailing(
            Duration.ofMinutes(40),
            Scenarios.START.minus(Duration.ofHours(1)),
            Scenarios.START.plus(Duration.ofMinutes(30)));
    BakeResult r =
        probe(0.5)
            .perMinuteVsBaseline(
                "requests/min",
                NOT_5XX,
                2_994,
                "the scenario's rate",
                Threshold.parse(">= 95%"),
                early);
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.PASS);
    assertThat(r.value().getAsDouble()).isCloseTo(1.0, within(0.02));
    BakeResult halved =
        probe(0.5)
            .perMinuteVsBaseline(
                "requests/min",
                NOT_5XX,
                2 * 2_994,
                "twice the scenario's rate",
                Threshold.parse(">= 80%"),
                early);
    assertThat(halved.outcome()).as(halved.describe()).isEqualTo(Outcome.BREACH);
    assertThat(halved.describe()).contains("vs baseline 5988/min (twice the scenario's rate)");
  }

  @Test
  void prometheusDownIsAnErrorNotAPass() {
    BakeProbe down =
        new BakeProbe(
            new PromQlClient(
                URI.create(
                    "http://127.0.0.1:" + io.intelgraph.cutover.testing.LoopbackPorts.free()),
                Duration.ofSeconds(2)),
            RATE,
            SCRAPE,
            0.9,
            100);
    BakeResult r =
        down.ratio("availability", NOT_5XX, REQUESTS, Threshold.parse("> 99%"), healthy());
    assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(r.describe()).contains("no usable answer from Prometheus", "unreachable");
  }

  // ---- the series the closeout's dashboard export saves ----------------------------------------

  @Test
  void theAvailabilitySeriesIsTheNon5xxShareAtEveryStepOfTheWindow() {
    var answer = probe.range(probe.ratioSeries(NOT_5XX, REQUESTS), healthy());

    var samples = answer.singleSeries().orElseThrow().samples();
    assertThat(samples).hasSizeGreaterThan(30);
    assertThat(samples)
        .allSatisfy(
            s -> assertThat(s.value()).as("at %s", s.timestamp()).isCloseTo(0.998, within(0.002)));
  }

  @Test
  void aRatioPartWithoutSeriesIsZeroWhereThereIsTrafficNeverNoData() {
    var answer =
        probe.range(probe.ratioSeries("http_requests_total{status=~\"9..\"}", REQUESTS), healthy());

    assertThat(answer.singleSeries().orElseThrow().samples())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.value()).isZero());
  }

  @Test
  void theP95SeriesReadsTheHistogramOverTheRateWindow() {
    // the history's latency histogram puts p95 at about 255 ms
    var answer = probe.range(probe.p95Series("http_request_duration_seconds_bucket"), healthy());

    assertThat(answer.singleSeries().orElseThrow().samples())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.value()).as("at %s", s.timestamp()).isBetween(0.2, 0.3));
  }
}
