package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.ledger.LedgerEvent;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.sandbox.standin.WebhookSink;
import io.intelgraph.cutover.warroom.WarRoomNotifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarRoomPasteTest {

  @TempDir Path dir;

  private final WebhookSink sink = WebhookSink.start();

  @AfterEach
  void stop() {
    sink.close();
  }

  private LineContext withWebhook() throws IOException {
    Path url = Files.writeString(dir.resolve("webhook-url"), sink.url("paste77token").toString());
    return LineContexts.at(dir, Map.of("cutover.war_room.webhook.file", url.toString()));
  }

  private static void recorded(LineContext context, String name, double value, String unit) {
    context
        .ledger()
        .update(l -> l.withBaseline(new Baseline(name, value, unit, "q", LineContexts.NOW)));
  }

  private static void allSixRecorded(LineContext context) {
    recorded(context, "api_p95", 0.212, "s");
    recorded(context, "api_p99", 0.48, "s");
    recorded(context, "graph_3hop_p95", 0.9, "s");
    recorded(context, "kafka_lag", 120, "count");
    recorded(context, "auth_error_ratio", 0.001, "ratio");
    recorded(context, CostRateBaseline.NAME, 18.5, "$/h");
  }

  @Test
  void theSixRunbookBaselinesArePostedWithTheirTargetsAndRecorded() throws IOException {
    LineContext context = withWebhook();
    allSixRecorded(context);

    assertThat(new WarRoomPaste().run(context)).passed();

    org.assertj.core.api.Assertions.assertThat(sink.received())
        .singleElement()
        .asString()
        .contains(
            "T-30 baselines: RECORDED",
            "*api_p95*: 212 ms (target <= 350 ms)",
            "*graph_3hop_p95*: 900 ms",
            "*kafka_lag*: 120",
            "*auth_error_ratio*: 0.1 %",
            "*cost_rate*: $18.5/h (target <= $25/h)")
        .doesNotContain("paste77token");
    org.assertj.core.api.Assertions.assertThat(
            context.ledger().read().events(WarRoomNotifier.EVENT_KIND))
        .singleElement()
        .extracting(LedgerEvent::subject, LedgerEvent::ok)
        .containsExactly("T-30 baselines", true);
  }

  @Test
  void aBaselineNotMeasuredIsPostedAsSuchAndFailsTheLine() throws IOException {
    LineContext context = withWebhook();
    recorded(context, "api_p95", 0.212, "s");

    assertThat(new WarRoomPaste().run(context))
        .failedWith("no T-30 baseline recorded", "[api_p99, graph_3hop_p95, kafka_lag,");
    org.assertj.core.api.Assertions.assertThat(sink.received())
        .singleElement()
        .asString()
        .contains("T-30 baselines: INCOMPLETE", "*api_p99*: not measured");
  }

  @Test
  void aWebhookThatRefusesFailsTheLineWithItsAnswer() throws IOException {
    LineContext context = withWebhook();
    allSixRecorded(context);
    sink.answerWith(500);

    assertThat(new WarRoomPaste().run(context))
        .failedWith("War Room Paste not posted", "answered HTTP 500");
  }

  @Test
  void withoutAWebhookItIsNotConfiguredNamingTheKey() {
    assertThat(new WarRoomPaste().run(LineContexts.at(dir, Map.of())))
        .isNotConfigured("has no war room webhook", "war_room.webhook");
  }
}
