package io.intelgraph.cutover.sandbox.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

  @Test
  void oneJobPerNameWithPerTargetPathAndLabels() {
    String yaml = PrometheusConfig.render(List.of(
        new ScrapeTarget("intelgraph-api", URI.create("http://127.0.0.1:4000/metrics"), Map.of("track", "stable")),
        new ScrapeTarget("intelgraph-api", URI.create("http://127.0.0.1:4001/canary/metrics"), Map.of("track", "canary")),
        new ScrapeTarget("kafka", URI.create("http://127.0.0.1:4002/metrics"))), Duration.ofSeconds(1));

    assertThat(yaml).contains("scrape_interval: \"1000ms\"").containsOnlyOnce("job_name: \"intelgraph-api\"")
        .contains("job_name: \"kafka\"").contains("127.0.0.1:4001").contains("__metrics_path__: \"/canary/metrics\"")
        .contains("track: \"canary\"");
  }

  @Test
  void targetsAreCheckedWhenMade() {
    assertThatThrownBy(() -> new ScrapeTarget("intelgraph api", URI.create("http://127.0.0.1:1/metrics")))
        .hasMessageContaining("'intelgraph api'");
    assertThatThrownBy(() -> new ScrapeTarget("api", URI.create("ftp://127.0.0.1:9100/metrics")))
        .hasMessageContaining("expected an absolute http(s) URL");
    assertThatThrownBy(() -> new ScrapeTarget("api", URI.create("http://127.0.0.1:1/m"), Map.of("__x", "y")))
        .hasMessageContaining("'__x'");
  }
}
