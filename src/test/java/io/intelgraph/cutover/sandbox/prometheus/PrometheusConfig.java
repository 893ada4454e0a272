package io.intelgraph.cutover.sandbox.prometheus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders {@code prometheus.yml}: one job per distinct {@link ScrapeTarget#job()}, one static
 * config per target, so targets of one job may differ in path and labels ({@code __metrics_path__}
 * and {@code __scheme__} are set per target group, which Prometheus honours before relabelling).
 */
final class PrometheusConfig {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private PrometheusConfig() {}

  static String render(List<ScrapeTarget> targets, Duration scrapeInterval) {
    return render(targets, scrapeInterval, List.of());
  }

  /** The same, loading the given rule files (evaluated every scrape interval). */
  static String render(
      List<ScrapeTarget> targets, Duration scrapeInterval, List<String> ruleFiles) {
    String interval = scrapeInterval.toMillis() + "ms";
    Map<String, List<Map<String, Object>>> byJob = new LinkedHashMap<>();
    for (ScrapeTarget target : targets) {
      Map<String, Object> labels = new LinkedHashMap<>(target.labels());
      labels.put("__metrics_path__", target.metricsPath());
      labels.put("__scheme__", target.url().getScheme());
      byJob
          .computeIfAbsent(target.job(), job -> new ArrayList<>())
          .add(Map.of("targets", List.of(target.instance()), "labels", labels));
    }
    List<Map<String, Object>> jobs = new ArrayList<>();
    byJob.forEach(
        (job, staticConfigs) -> {
          Map<String, Object> scrape = new LinkedHashMap<>();
          scrape.put("job_name", job);
          scrape.put("static_configs", staticConfigs);
          jobs.add(scrape);
        });
    Map<String, Object> global = new LinkedHashMap<>();
    global.put("scrape_interval", interval);
    global.put("scrape_timeout", interval);
    global.put("evaluation_interval", interval);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("global", global);
    if (!ruleFiles.isEmpty()) root.put("rule_files", ruleFiles);
    root.put("scrape_configs", jobs);
    return YAML.writeValueAsString(root);
  }
}
