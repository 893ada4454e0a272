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
  void probesAreScrapedThroughTheExporterWithTheMultiTargetRelabelling() {
    URI exporter = URI.create("http://127.0.0.1:9115/probe");
    String yaml =
        PrometheusConfig.render(
            List.of(
                ScrapeTarget.probe(
                    "blackbox-databases",
                    exporter,
                    new ScrapeTarget.Probe("tcp_connect", "127.0.0.1:5432"),
                    Map.of("database", "postgres")),
                ScrapeTarget.probe(
                    "blackbox-databases",
                    exporter,
                    new ScrapeTarget.Probe("tcp_connect", "127.0.0.1:7687"),
                    Map.of("database", "neo4j"))),
            Duration.ofSeconds(1),
            List.of(),
            List.of(URI.create("http://127.0.0.1:9093")));

    assertThat(yaml)
        .containsOnlyOnce("job_name: \"blackbox-databases\"")
        .contains(
            """
              params:
                module:
                - "tcp_connect"
              relabel_configs:
              - source_labels:
                - "__address__"
                target_label: "__param_target"
              - source_labels:
                - "__param_target"
                target_label: "instance"
              - target_label: "__address__"
                replacement: "127.0.0.1:9115"
            """)
        .contains("- \"127.0.0.1:5432\"", "- \"127.0.0.1:7687\"", "__metrics_path__: \"/probe\"")
        .contains(
            """
            alerting:
              alertmanagers:
              - scheme: "http"
                static_configs:
                - targets:
                  - "127.0.0.1:9093"
            """);
    assertThat(
            ScrapeTarget.probe(
                    "blackbox-databases",
                    exporter,
                    new ScrapeTarget.Probe("tcp_connect", "127.0.0.1:5432"),
                    Map.of())
                .instance())
        .isEqualTo("127.0.0.1:5432");
  }

  @Test
  void aPushgatewayJobHonoursThePushedLabelsAndOnlyIt() {
    String yaml =
        PrometheusConfig.render(
            List.of(
                new ScrapeTarget("kafka", URI.create("http://127.0.0.1:4002/metrics")),
                ScrapeTarget.honoringLabels(
                    "pushgateway", URI.create("http://127.0.0.1:9091/metrics"))),
            Duration.ofSeconds(1));

    assertThat(yaml).containsOnlyOnce("honor_labels: true");
    assertThat(yaml.substring(yaml.indexOf("job_name: \"pushgateway\"")))
        .as("the pushgateway's job, the last")
        .contains("honor_labels: true");
    assertThatThrownBy(
            () ->
                PrometheusConfig.render(
                    List.of(
                        ScrapeTarget.honoringLabels(
                            "pushgateway", URI.create("http://127.0.0.1:9091/metrics")),
                        new ScrapeTarget(
                            "pushgateway", URI.create("http://127.0.0.1:9092/metrics"))),
                    Duration.ofSeconds(1)))
        .hasMessage(
            "job pushgateway mixes a scrape that honours the target's labels"
                + " (http://127.0.0.1:9091/metrics) with one that does not"
                + " (http://127.0.0.1:9092/metrics); honor_labels is per job, give them jobs of"
                + " their own");
  }

  @Test
  void aJobMixingProbesWithPlainScrapesIsRefusedWithBoth() {
    List<ScrapeTarget> mixed =
        List.of(
            ScrapeTarget.probe(
                "blackbox-databases",
                URI.create("http://127.0.0.1:9115/probe"),
                new ScrapeTarget.Probe("tcp_connect", "127.0.0.1:5432"),
                Map.of()),
            new ScrapeTarget("blackbox-databases", URI.create("http://127.0.0.1:4002/metrics")));

    assertThatThrownBy(() -> PrometheusConfig.render(mixed, Duration.ofSeconds(1)))
        .hasMessage(
            "job blackbox-databases mixes a tcp_connect probe of 127.0.0.1:5432 through"
                + " http://127.0.0.1:9115/probe with a scrape of http://127.0.0.1:4002/metrics;"
                + " a job's targets must all be probes through one exporter with one module, give"
                + " the others a job of their own");
    assertThatThrownBy(() -> new ScrapeTarget.Probe("tcp connect", "127.0.0.1:5432"))
        .hasMessageContaining("'tcp connect'");
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
        PrometheusConfig.render(
            List.of(), Duration.ofSeconds(1), List.of("burn-rate.yml"), List.of());
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
