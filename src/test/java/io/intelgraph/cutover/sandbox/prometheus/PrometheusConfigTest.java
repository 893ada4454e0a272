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
    String yaml =
        PrometheusConfig.render(
            List.of(
                new ScrapeTarget(
                    "intelgraph-api",
                    URI.create("http://127.0.0.1:4000/metrics"),
                    Map.of("track", "stable")),
                new ScrapeTarget(
                    "intelgraph-api",
                    URI.create("http://127.0.0.1:4001/canary/metrics"),
                    Map.of("track", "canary")),
                new ScrapeTarget("kafka", URI.create("http://127.0.0.1:4002/metrics"))),
            Duration.ofSeconds(1));

    assertThat(yaml)
        .contains("scrape_interval: \"1000ms\"")
        .containsOnlyOnce("job_name: \"intelgraph-api\"")
        .contains("job_name: \"kafka\"")
        .contains("127.0.0.1:4001")
        .contains("__metrics_path__: \"/canary/metrics\"")
        .contains("track: \"canary\"");
  }

  @Test
  void targetsAreCheckedWhenMade() {
    assertThatThrownBy(
            () -> new ScrapeTarget("intelgraph api", URI.create("http://127.0.0.1:1/metrics")))
        .hasMessageContaining("'intelgraph api'");
    assertThatThrownBy(() -> new ScrapeTarget("api", URI.create("ftp://127.0.0.1:9100/metrics")))
        .hasMessageContaining("expected an absolute http(s) URL");
    assertThatThrownBy(
            () -> new ScrapeTarget("api", URI.create("http://127.0.0.1:1/m"), Map.of("__x", "y")))
        .hasMessageContaining("'__x'");
  }

  @Test
  void ruleFilesAreLoadedBesideTheConfigAndTheBurnRateRuleIsTheWorkbooksTwoWindowRule() {
    String yaml =
        PrometheusConfig.render(List.of(), Duration.ofSeconds(1), List.of("burn-rate.yml"));
    String rules = BurnRateRules.SANDBOX.render();

    assertThat(yaml).contains("rule_files:", "- \"burn-rate.yml\"");
    assertThat(PrometheusConfig.render(List.of(), Duration.ofSeconds(1)))
        .doesNotContain("rule_files");
    assertThat(rules)
        .contains(
            "alert: ApiErrorBudgetBurnRatePage",
            "[180s]",
            "[15s]",
            "> (14.4 * 0.001)",
            "for: 6s",
            "severity: page");
    assertThatThrownBy(
            () ->
                new BurnRateRules(
                    "A",
                    "api",
                    0.999,
                    14.4,
                    Duration.ofSeconds(15),
                    Duration.ofMinutes(3),
                    Duration.ZERO))
        .hasMessage("short window PT3M must be shorter than the long window PT15S");
    assertThatThrownBy(() -> PrometheusServer.builder().rules("../burn.yml", rules))
        .hasMessage(
            "rule file name '../burn.yml' must be a plain .yml name other than prometheus.yml, e.g. burn-rate.yml");
  }
}
