package io.intelgraph.cutover.sandbox.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.sandbox.standin.KafkaMetricsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusServerIT {

  @Test
  void scrapesAStandInAndAnswersQueries() {
    try (KafkaMetricsStandIn kafka =
            KafkaMetricsStandIn.start(new FaultSwitch(), Clock.systemUTC());
        PrometheusServer prometheus =
            PrometheusServer.builder()
                .scrape(new ScrapeTarget("kafka", kafka.metricsUrl(), Map.of("env", "sandbox")))
                .start()) {
      await("kafka stand-in scraped by " + prometheus.baseUrl())
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> prometheus.query("up{job=\"kafka\"} == 1").size() == 1);

      List<PrometheusServer.Sample> lag = prometheus.query("kafka_consumer_lag_sum");
      assertThat(lag)
          .singleElement()
          .satisfies(
              sample -> {
                assertThat(sample.labels())
                    .containsEntry("consumergroup", "intelgraph-ingest")
                    .containsEntry("env", "sandbox")
                    .containsEntry(
                        "instance",
                        kafka.metricsUrl().getHost() + ":" + kafka.metricsUrl().getPort());
                assertThat(sample.value()).isBetween(50.0, 200.0);
              });
    }
  }

  @Test
  void startsFromBackfilledBlocks(@TempDir Path dir) throws Exception {
    long hourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    Path file = dir.resolve("history.om");
    Files.writeString(
        file,
        """
        # HELP sandbox_backfill_probe a known value for the backfill test
        # TYPE sandbox_backfill_probe gauge
        sandbox_backfill_probe{case="known"} 41 %d
        sandbox_backfill_probe{case="known"} 42 %d
        sandbox_backfill_probe{case="known"} 43 %d
        # EOF
        """
            .formatted(hourAgo - 60, hourAgo, hourAgo + 60));

    try (PrometheusServer prometheus = PrometheusServer.builder().backfill(file).start()) {
      List<PrometheusServer.Sample> answer =
          prometheus.query(
              "sandbox_backfill_probe{case=\"known\"}", Instant.ofEpochSecond(hourAgo));

      assertThat(answer)
          .as("sandbox_backfill_probe at %s", Instant.ofEpochSecond(hourAgo))
          .singleElement()
          .extracting(PrometheusServer.Sample::value)
          .isEqualTo(42.0);
    }
  }

  @Test
  void backfillWithoutEofIsRejectedWithTheFix(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("no-eof.om");
    Files.writeString(file, "sandbox_backfill_probe 1 1700000000\n");

    assertThatThrownBy(() -> PrometheusServer.builder().backfill(file).start())
        .hasMessageContaining(file.toString())
        .hasMessageContaining("# EOF");
  }

  @Test
  void pauseMakesQueriesFailAndResumeRecovers() {
    try (PrometheusServer prometheus = PrometheusServer.builder().start()) {
      assertThat(prometheus.query("vector(1)"))
          .singleElement()
          .extracting(PrometheusServer.Sample::value)
          .isEqualTo(1.0);

      prometheus.pause();
      long started = System.nanoTime();
      assertThatThrownBy(() -> prometheus.query("vector(1)"))
          .hasMessageContaining("did not answer")
          .hasMessageContaining(prometheus.baseUrl().toString());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(prometheus.isReady(Duration.ofMillis(500))).as("ready while paused").isFalse();

      prometheus.resume();
      await("prometheus answers again after resume")
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(() -> prometheus.query("vector(1)").size() == 1);
    }
  }

  @Test
  void closeStopsTheProcessAndDeletesItsFiles() {
    PrometheusServer prometheus = PrometheusServer.builder().start();
    long pid = prometheus.pid().orElseThrow();
    Path log = prometheus.logFile();

    prometheus.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("prometheus pid %d after close", pid)
        .isEmpty();
    assertThat(log.getParent()).doesNotExist();
  }

  @Test
  void aBadBinaryIsNamedWithTheFix() {
    System.setProperty(PrometheusServer.BINARY_PROPERTY, "/nonexistent/prometheus");
    try {
      assertThatThrownBy(() -> PrometheusServer.builder().start())
          .hasMessageContaining("-Dsandbox.prometheus.binary=/nonexistent/prometheus")
          .hasMessageContaining("is not an executable");
    } finally {
      System.clearProperty(PrometheusServer.BINARY_PROPERTY);
    }
  }
}
