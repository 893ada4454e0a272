package io.intelgraph.cutover.runmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.sandbox.prometheus.PushgatewayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push against the real Pushgateway (Debian {@code prometheus-pushgateway}): it accepts the
 * text, files it under the attempt's group (a release with a {@code /} sent {@code @base64}), and a
 * second push replaces the group instead of adding to it.
 */
class RunMetricsPushIT {

  @TempDir Path dir;

  @Test
  void theRealPushgatewayHoldsTheAttemptsGroupAndAPushReplacesIt() {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir, Duration.ofSeconds(20))) {
      LedgerStore ledger =
          new FileLedgerStore(
              dir.resolve("ledger.json"), "team/v1.42.0", RunMetricsPublisherTest.CLOCK);
      ledger.update(l -> RunMetricsTest.rolledBackCanary("team/v1.42.0"));
      List<String> console = new ArrayList<>();
      RunMetricsPublisher publisher =
          new RunMetricsPublisher(
              "prod",
              ledger,
              RunMetricsPublisherTest.CLOCK,
              RunMetricsTest.REDACT,
              Optional.of(new Pushgateway(gateway.baseUrl(), Duration.ofSeconds(5))),
              console::add);

      MetricsPush first = publisher.publish("after phase canary").orElseThrow();
      MetricsPush second = publisher.publish("after rollback DONE").orElseThrow();

      assertThat(first.accepted()).as(first.describe()).isTrue();
      assertThat(first.url())
          .endsWith(
              "/metrics/job/maestro_cutover/release@base64/dGVhbS92MS40Mi4w/environment/prod/attempt/2");
      assertThat(second.accepted()).as(second.describe()).isTrue();
      String scraped = gateway.scrape();
      // the Pushgateway writes labels in name order, the grouping key's among them
      String group =
          "attempt=\"2\",environment=\"prod\",instance=\"\",job=\"maestro_cutover\",release=\"team/v1.42.0\"";
      assertThat(scraped)
          .contains("maestro_cutover_rollbacks{" + group + "} 1")
          .contains("maestro_cutover_rollback_duration_seconds{" + group + "} 42.5")
          .contains("maestro_cutover_release_verdict{" + group + ",verdict=\"RED\"} 1")
          .contains("push_time_seconds{" + group + "}");
      // one group for the attempt: the second push replaced the first
      assertThat(scraped.lines().filter(l -> l.startsWith("maestro_cutover_rollbacks{")))
          .hasSize(1);
    }
  }
}
