package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.support.JsonMappers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SloChartTest {

  static final Instant T0 = Instant.parse("2025-09-21T15:00:00Z");
  static final List<RampMark> RAMP =
      List.of(
          new RampMark(T0.plusSeconds(600), 20),
          new RampMark(T0.plusSeconds(1200), 40),
          new RampMark(T0.plusSeconds(1500), 60),
          new RampMark(T0.plusSeconds(1800), 80),
          new RampMark(T0.plusSeconds(2100), 100));

  static String fixture(String name) {
    try (InputStream in = SloChartTest.class.getResourceAsStream("/evidence/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SloData data() {
    return SloData.parse(
        "v1.0.0-GA",
        fixture("p95-range.json"),
        fixture("error-ratio-range.json"),
        Duration.ofMillis(350),
        0.01,
        RAMP);
  }

  @Test
  void rendersAPngOfTheRequestedSizeFromPrometheusRangeAnswers() throws IOException {
    byte[] png = SloChart.png(data(), 1280, 900);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(900);
    assertThat(distinctColours(image)).as("a drawn chart, not a blank image").isGreaterThan(20);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/slo-chart-sample.png"), png);
  }

  @Test
  void theChartHasBothPlotsTheThresholdsAndTheRampSteps() {
    var chart = SloChart.chart(data());
    var combined = (org.jfree.chart.plot.CombinedDomainXYPlot) chart.getPlot();
    List<org.jfree.chart.plot.XYPlot> plots = combined.getSubplots();

    assertThat(chart.getTitle().getText()).isEqualTo("v1.0.0-GA - SLOs during the cutover");
    assertThat(plots)
        .extracting(p -> p.getRangeAxis().getLabel())
        .containsExactly("p95 latency (ms)", "error ratio (%)");
    assertThat(plots.get(0).getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
        .extracting(m -> ((org.jfree.chart.plot.ValueMarker) m).getValue(), m -> m.getLabel())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(350.0, "p95 threshold 350 ms"));
    assertThat(plots.get(1).getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
        .extracting(m -> ((org.jfree.chart.plot.ValueMarker) m).getValue(), m -> m.getLabel())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, "error threshold 1 %"));
    assertThat(plots.get(0).getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
        .extracting(m -> ((org.jfree.chart.plot.Marker) m).getLabel())
        .containsExactly("20 %", "40 %", "60 %", "80 %", "100 %");
    assertThat(plots.get(0).getDataset().getSeriesCount()).isEqualTo(2);
  }

  @Test
  void aMalformedAnswerFailsNamingTheBadElement() {
    String instant = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
    String badValue =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"0.1\"],[2,0.2]]}]}}";

    assertThatThrownBy(
            () ->
                SloData.parse(
                    "v1",
                    instant,
                    fixture("error-ratio-range.json"),
                    Duration.ofMillis(350),
                    0.01,
                    List.of()))
        .isInstanceOf(EvidenceException.class)
        .hasMessage(
            "p95 latency: the range-query answer `data.resultType` is 'vector'; expected 'matrix' (ask /api/v1/query_range,"
                + " not /api/v1/query); expected {\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[...]}}");
    assertThatThrownBy(() -> RangeSeries.parse("error ratio", badValue))
        .hasMessageStartingWith(
            "error ratio: the range-query answer `data.result[0].values[1]` is '[2,0.2]'; expected [unix seconds, \"number\"]");
    assertThatThrownBy(() -> RangeSeries.parse("error ratio", "<html>502 Bad Gateway</html>"))
        .hasMessageStartingWith("error ratio: the range-query answer is not JSON");
  }

  @Test
  void aPrometheusErrorIsReportedWithItsReason() {
    assertThatThrownBy(
            () ->
                RangeSeries.parse(
                    "p95 latency",
                    "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}"))
        .hasMessage(
            "p95 latency: Prometheus answered status 'error' (bad_data: parse error at char 5); fix the query or the server, then retry");
  }

  @Test
  void nanSamplesAreGapsNotZeros() {
    List<RangeSeries> series = RangeSeries.parse("p95", fixture("p95-range.json"));

    assertThat(series).extracting(RangeSeries::name).containsExactly("stable", "canary");
    assertThat(series.get(1).points())
        .hasSize(35)
        .allSatisfy(p -> assertThat(p.value()).isPositive());
  }

  @Test
  void theReportCountsSamplesAboveTheThresholdAndJudgesTheShareOfStepsWithin() {
    JsonNode report =
        JsonMappers.SNAKE_CASE.readTree(SloReport.json(data(), Threshold.parse(">= 99%")));

    assertThat(report.path("release").asString()).isEqualTo("v1.0.0-GA");
    assertThat(report.path("compliant").asBoolean()).isFalse();
    assertThat(report.path("from").asString()).isEqualTo("2025-09-21T15:00:00Z");
    JsonNode canaryP95 = report.path("p95_latency").path("series").get(1);
    assertThat(canaryP95.path("labels").path("track").asString()).isEqualTo("canary");
    assertThat(canaryP95.path("above_threshold").asInt()).isEqualTo(3);
    assertThat(canaryP95.path("within").asInt()).isEqualTo(32);
    assertThat(canaryP95.path("compliant").asBoolean()).isFalse();
    assertThat(canaryP95.path("compliance").asString())
        .isEqualTo(
            "91.43 % (32 of 35 steps <= 350 ms (0 without a finite value, counted as not"
                + " compliant)), needs >= 99 %");
    assertThat(report.path("rule").asString()).isEqualTo(">= 99 % of steps within the SLO");
    assertThat(report.path("p95_latency").path("judged_by").asString())
        .as("without an all-traffic series every series is judged")
        .isEqualTo("every series");
    assertThat(report.path("p95_latency").path("threshold").asDouble()).isEqualTo(350.0);
    assertThat(report.path("error_ratio").path("series").get(0).path("above_threshold").asInt())
        .isZero();
    assertThat(report.path("ramp_steps").get(1).path("weight_percent").asInt()).isEqualTo(40);
  }

  @Test
  void noDataIsNeverCompliant() {
    String empty = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    SloData data = SloData.parse("v1", empty, empty, Duration.ofMillis(350), 0.01, List.of());

    SloReport.Report report = SloReport.of(data, Threshold.parse(">= 0%"));
    assertThat(report.compliant()).as("even a 0 %% minimum needs data").isFalse();
    assertThat(SloChart.png(data, 800, 600)).isNotEmpty();
  }

  @Test
  void aThresholdFarAboveTheDataIsNamedInsteadOfFlatteningTheData() {
    String fast =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"track\":\"stable\"},\"values\":[[1758466800,\"0.004\"],[1758466860,\"0.005\"]]},"
            + "{\"metric\":{\"track\":\"canary\"},\"values\":[[1758466800,\"0.005\"],[1758466860,\"0.006\"]]}]}}";
    SloData data =
        SloData.parse(
            "v1", fast, fixture("error-ratio-range.json"), Duration.ofMillis(350), 0.01, RAMP);

    var latency =
        ((org.jfree.chart.plot.CombinedDomainXYPlot) SloChart.chart(data).getPlot())
            .getSubplots()
            .get(0);

    assertThat(latency.getRangeAxis().getUpperBound())
        .as("axis top, ms")
        .isEqualTo(7.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(latency.getAnnotations())
        .singleElement()
        .extracting(
            a ->
                ((org.jfree.chart.title.TextTitle)
                        ((org.jfree.chart.annotations.XYTitleAnnotation) a).getTitle())
                    .getText())
        .isEqualTo("p95 threshold 350 ms: above this scale (the data peaks at 6 ms)");
  }

  @Test
  void theCanaryIsDrawnOverTheStableTrackInAContrastingColour() {
    var latency =
        ((org.jfree.chart.plot.CombinedDomainXYPlot) SloChart.chart(data()).getPlot())
            .getSubplots()
            .get(0);
    var renderer = latency.getRenderer();

    assertThat(latency.getDataset().getSeriesKey(1).toString()).endsWith("canary");
    assertThat(renderer.getSeriesPaint(1)).isNotEqualTo(renderer.getSeriesPaint(0));
    assertThat(((java.awt.BasicStroke) renderer.getSeriesStroke(1)).getLineWidth())
        .as("thinner than the stable line beneath it")
        .isLessThan(((java.awt.BasicStroke) renderer.getSeriesStroke(0)).getLineWidth());
  }

  @Test
  void theAxisReachesTheThresholdWhenTheDataIsNearIt() {
    assertThat(SloChart.upperBound(300, 350)).isEqualTo(350 * 1.15);
    assertThat(SloChart.upperBound(500, 350)).isEqualTo(500 * 1.15);
    assertThat(SloChart.upperBound(0, 350)).as("no data: the threshold").isEqualTo(350 * 1.15);
    assertThat(SloChart.upperBound(5, 350)).as("far below: the data").isEqualTo(5 * 1.25);
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int x = 0; x < image.getWidth(); x += 7) {
      for (int y = 0; y < image.getHeight(); y += 7) colours.add(image.getRGB(x, y));
    }
    return colours.size();
  }
}
