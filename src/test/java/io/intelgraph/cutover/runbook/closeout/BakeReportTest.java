package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.gate.ScriptedPrometheus;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BakeReportTest {

  @TempDir Path dir;

  @Test
  void availabilityAboveItsTargetPassesWithItsFiguresAsEvidence() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(requests(99_995))) {
      LineContext context = bakedFor(prometheus, Duration.ofHours(80));

      assertThat(new BakeReport().apiAvailability().run(context)).passed();
    }
  }

  @Test
  void availabilityBelowItsTargetFailsWithValueAndTarget() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(requests(99_000))) {
      LineContext context = bakedFor(prometheus, Duration.ofHours(80));

      assertThat(new BakeReport().apiAvailability().run(context))
          .failedWith("API availability (non-5xx / all requests) at " + NOW + ": BREACH", "> 99.9");
    }
  }

  @Test
  void aPrometheusWithoutDataIsNeverAPass() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus((query, at) -> null)) {
      LineContext context = bakedFor(prometheus, Duration.ofHours(80));

      assertThat(new BakeReport().apiAvailability().run(context)).failedWith(": NO_DATA");
    }
  }

  @Test
  void noFullTrafficNoBakeReport() {
    try (ScriptedPrometheus prometheus = new ScriptedPrometheus(requests(99_995))) {
      LineContext context =
          LineContexts.at(
              dir, null, Map.of("cutover.endpoints.prometheus", prometheus.url().toString()));

      assertThat(new BakeReport().errorBudgetBurn().run(context))
          .failedWith(
              "the closeout window (cadence.closeout_window = PT72H) starts at full traffic");
    }
  }

  private LineContext bakedFor(ScriptedPrometheus prometheus, Duration sinceFullTraffic) {
    LineContext context =
        LineContexts.at(
            dir, null, Map.of("cutover.endpoints.prometheus", prometheus.url().toString()));
    LineContexts.fullTrafficAt(context, NOW.minus(sinceFullTraffic));
    return context;
  }

  /** 100,000 requests in the window, {@code good} of them not 5xx; a steady rate throughout. */
  private static BiFunction<String, Instant, Double> requests(double good) {
    return (query, at) -> {
      if (query.startsWith("sum(rate(")) return 1.0;
      if (query.contains("!~\"5..\"")) return good;
      return 100_000.0;
    };
  }
}
