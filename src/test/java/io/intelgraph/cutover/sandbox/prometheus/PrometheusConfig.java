package io.intelgraph.cutover.sandbox.prometheus;

import java.net.URI;
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
 *
 * <p>A job of {@linkplain ScrapeTarget#probe probes} is written as the blackbox exporter's README
 * ("Prometheus Configuration", https://github.com/prometheus/blackbox_exporter) and Prometheus'
 * multi-target exporter guide (https://prometheus.io/docs/guides/multi-target-exporter/) write it:
 * the probed targets as static targets, {@code params.module}, and the relabelling that moves
 * {@code __address__} to {@code __param_target} (and {@code instance}) and points {@code
 * __address__} at the exporter; so all probes of a job go through one exporter and one module. A
 * job of targets that {@linkplain ScrapeTarget#honorLabels honour labels} (a Pushgateway) is
 * written with {@code honor_labels: true}. Alertmanagers are given under {@code
 * alerting.alertmanagers} (<a
 * href="https://prometheus.io/docs/prometheus/latest/configuration/configuration/#alertmanager_config">alertmanager_config</a>).
 */
final class PrometheusConfig {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private PrometheusConfig() {}

  static String render(List<ScrapeTarget> targets, Duration scrapeInterval) {
    return render(targets, scrapeInterval, List.of(), List.of());
  }

  /**
   * The same, loading the given rule files (evaluated every scrape interval) and sending alerts to
   * the given Alertmanagers ({@code http://host:port}).
   */
  static String render(
      List<ScrapeTarget> targets,
      Duration scrapeInterval,
      List<String> ruleFiles,
      List<URI> alertmanagers) {
    String interval = scrapeInterval.toMillis() + "ms";
    Map<String, List<ScrapeTarget>> byJob = new LinkedHashMap<>();
    for (ScrapeTarget target : targets) {
      byJob.computeIfAbsent(target.job(), job -> new ArrayList<>()).add(target);
    }
    List<Map<String, Object>> jobs = new ArrayList<>();
    byJob.forEach((job, ofJob) -> jobs.add(job(job, ofJob)));
    Map<String, Object> global = new LinkedHashMap<>();
    global.put("scrape_interval", interval);
    global.put("scrape_timeout", interval);
    global.put("evaluation_interval", interval);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("global", global);
    if (!alertmanagers.isEmpty()) {
      List<Map<String, Object>> configs = new ArrayList<>();
      for (URI alertmanager : alertmanagers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scheme", alertmanager.getScheme());
        config.put(
            "static_configs",
            List.of(
                Map.of("targets", List.of(alertmanager.getHost() + ":" + alertmanager.getPort()))));
        configs.add(config);
      }
      root.put("alerting", Map.of("alertmanagers", configs));
    }
    if (!ruleFiles.isEmpty()) root.put("rule_files", ruleFiles);
    root.put("scrape_configs", jobs);
    return YAML.writeValueAsString(root);
  }

  private static Map<String, Object> job(String job, List<ScrapeTarget> targets) {
    List<Map<String, Object>> staticConfigs = new ArrayList<>();
    for (ScrapeTarget target : targets) {
      Map<String, Object> labels = new LinkedHashMap<>(target.labels());
      labels.put("__metrics_path__", target.metricsPath());
      labels.put("__scheme__", target.url().getScheme());
      staticConfigs.add(Map.of("targets", List.of(target.instance()), "labels", labels));
    }
    Map<String, Object> scrape = new LinkedHashMap<>();
    scrape.put("job_name", job);
    scrape.put("static_configs", staticConfigs);
    ScrapeTarget first = targets.get(0);
    for (ScrapeTarget target : targets) {
      if (target.honorLabels() != first.honorLabels()) {
        throw new IllegalArgumentException(
            "job %s mixes a scrape that honours the target's labels (%s) with one that does not (%s); honor_labels is per job, give them jobs of their own"
                .formatted(
                    job,
                    first.honorLabels() ? first.url() : target.url(),
                    first.honorLabels() ? target.url() : first.url()));
      }
    }
    if (first.honorLabels()) scrape.put("honor_labels", true);
    if (first.probe().isPresent()) {
      for (ScrapeTarget target : targets) {
        if (target.probe().isEmpty()
            || !target.exporter().equals(first.exporter())
            || !target.probe().get().module().equals(first.probe().get().module())) {
          throw new IllegalArgumentException(
              "job %s mixes %s with %s; a job's targets must all be probes through one exporter with one module, give the others a job of their own"
                  .formatted(job, describe(first), describe(target)));
        }
      }
      scrape.put("params", Map.of("module", List.of(first.probe().get().module())));
      scrape.put(
          "relabel_configs",
          List.of(
              copy("__address__", "__param_target"),
              copy("__param_target", "instance"),
              set("__address__", first.exporter())));
    } else {
      targets.stream()
          .filter(target -> target.probe().isPresent())
          .findFirst()
          .ifPresent(
              probe -> {
                throw new IllegalArgumentException(
                    "job %s mixes %s with %s; give the probes a job of their own"
                        .formatted(job, describe(first), describe(probe)));
              });
    }
    return scrape;
  }

  /** A relabel rule copying one label's value to another (the default regex matches all). */
  private static Map<String, Object> copy(String source, String target) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("source_labels", List.of(source));
    rule.put("target_label", target);
    return rule;
  }

  /** A relabel rule setting a label to a fixed value. */
  private static Map<String, Object> set(String target, String value) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("target_label", target);
    rule.put("replacement", value);
    return rule;
  }

  private static String describe(ScrapeTarget target) {
    return target
        .probe()
        .map(p -> "a %s probe of %s through %s".formatted(p.module(), p.target(), target.url()))
        .orElse("a scrape of " + target.url());
  }
}
