package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.gate.ScriptedPrometheus;
import io.intelgraph.cutover.runbook.BakeSpan;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** "Dashboard exports": every gate and the bake report's series saved, or named when missing. */
class DashboardExportTest {

  @TempDir Path dir;
  final List<String> attached = new ArrayList<>();

  @Test
  void everyGateAndTheBakeSeriesAreSavedAsCsvAndChartWithAnIndex() throws IOException {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus((query, at) -> 0.001)) {
      LineContext context = bakedFor(prometheus, Duration.ofHours(80));

      assertThat(export().run(context)).passed();

      int exports = context.environment().gates().size() + 3;
      JsonNode index =
          JsonMappers.JSON.readTree(
              Files.readString(exported().resolve("dashboard-export-index.json")));
      Assertions.assertThat(index.path("window_start").asString())
          .isEqualTo(NOW.minus(Duration.ofHours(72)).toString());
      Assertions.assertThat(index.path("window_end").asString()).isEqualTo(NOW.toString());
      Assertions.assertThat(index.path("step").asString()).isEqualTo("PT6M");
      Assertions.assertThat(index.path("exports").size()).isEqualTo(exports);
      JsonNode p95 = index.path("exports").get(1);
      Assertions.assertThat(p95.path("name").asString()).isEqualTo("api_p95");
      Assertions.assertThat(p95.path("query").asString())
          .isEqualTo(
              "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{}[5m])))");
      Assertions.assertThat(p95.path("threshold").asString()).isEqualTo("<= 350 ms");
      Assertions.assertThat(p95.path("samples").asInt()).isEqualTo(721);
      Assertions.assertThat(Files.readAllLines(exported().resolve("dashboard-export-api_p95.csv")))
          .hasSize(722)
          .startsWith(
              "time,unix_seconds,series,value", "2026-12-04T09:30:00Z,1796376600,all,0.001");
      Assertions.assertThat(
              Files.readAllBytes(exported().resolve("dashboard-export-api_p95-chart.png")))
          .as("a PNG image")
          .startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      Assertions.assertThat(
              Files.readString(exported().resolve("dashboard-export-closeout_availability.csv")))
          .contains(",all,0.001");
      Assertions.assertThat(attached).hasSize(2 * exports + 1);
    }
  }

  @Test
  void aGateWithNoDataIsAProblemNamedInTheLineAndNoFile() {
    BiFunction<String, Instant, Double> noKafka =
        (query, at) -> query.contains("kafka_consumer_lag_sum") ? null : 0.001;
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(noKafka)) {
      LineContext context = bakedFor(prometheus, Duration.ofHours(80));

      assertThat(export().run(context))
          .failedWith(
              "kafka_lag (gates.kafka_lag) `max(kafka_consumer_lag_sum)` over 2026-12-04T09:30:00Z..",
              "step PT6M: no data (0 series, no sample); nothing exported for it",
              "kafka_lag_growth (gates.kafka_lag_growth)");
      Assertions.assertThat(exported().resolve("dashboard-export-kafka_lag.csv")).doesNotExist();
      Assertions.assertThat(exported().resolve("dashboard-export-api_p95.csv")).exists();
      Assertions.assertThat(exported().resolve("dashboard-export-index.json")).exists();
    }
  }

  @Test
  void aPrometheusThatDoesNotAnswerFailsNamingEachQuery() {
    LineContext context =
        LineContexts.at(dir, null, Map.of("cutover.endpoints.prometheus", "http://127.0.0.1:9"));
    LineContexts.fullTrafficAt(context, NOW.minus(Duration.ofHours(80)));

    assertThat(export().run(context))
        .failedWith("api_p95 (gates.api_p95) `histogram_quantile(0.95", "127.0.0.1:9");
  }

  @Test
  void noFullTrafficNoExport() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus((query, at) -> 0.001)) {
      LineContext context =
          LineContexts.at(
              dir, null, Map.of("cutover.endpoints.prometheus", prometheus.url().toString()));

      assertThat(export().run(context))
          .failedWith(
              "the closeout window (cadence.closeout_window = PT72H) starts at full traffic");
      Assertions.assertThat(exported()).doesNotExist();
    }
  }

  private DashboardExport export() {
    EvidenceWriter writer =
        new EvidenceWriter(
            exported(),
            new Redactor(SecretRegistry.run()),
            (name, mediaType, content, extension) -> attached.add(name));
    return new DashboardExport(
        new BakeSpan("closeout", "closeout_window", env -> env.cadence().closeoutWindow()),
        BakeProbe::closeout,
        env -> writer);
  }

  private Path exported() {
    return dir.resolve("closeout");
  }

  private LineContext bakedFor(ScriptedPrometheus prometheus, Duration sinceFullTraffic) {
    LineContext context =
        LineContexts.at(
            dir, null, Map.of("cutover.endpoints.prometheus", prometheus.url().toString()));
    LineContexts.fullTrafficAt(context, NOW.minus(sinceFullTraffic));
    return context;
  }
}
