package io.intelgraph.cutover.sandbox.prometheus;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One endpoint Prometheus scrapes: the job it belongs to, the full metrics URL and extra target
 * labels (e.g. {@code track=canary}); or, for a multi-target exporter such as the blackbox
 * exporter, the exporter's probe URL and the {@link Probe} it is asked for (<a
 * href="https://prometheus.io/docs/guides/multi-target-exporter/">multi-target exporter
 * pattern</a>): Prometheus then calls the instance by the probed target.
 *
 * <pre>
 * {@code new ScrapeTarget("intelgraph-api", URI.create("http://127.0.0.1:4711/metrics"), Map.of("track", "canary"))}
 * {@code ScrapeTarget.probe("blackbox-databases", URI.create("http://127.0.0.1:9115/probe"), new Probe("tcp_connect", "127.0.0.1:5432"), Map.of("database", "postgres"))}
 * </pre>
 *
 * <p>{@code honorLabels}: the scraped series keep their own {@code job} and {@code instance} (and
 * any label that clashes with a target label), as a Pushgateway's must (<a
 * href="https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config">honor_labels</a>).
 */
public record ScrapeTarget(
    String job, URI url, Map<String, String> labels, Optional<Probe> probe, boolean honorLabels) {

  /**
   * What a multi-target exporter is asked to probe: its {@code module} and {@code target} URL
   * parameters, e.g. {@code tcp_connect} and {@code 127.0.0.1:5432}.
   */
  public record Probe(String module, String target) {
    private static final Pattern MODULE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public Probe {
      if (module == null || !MODULE.matcher(module).matches()) {
        throw new IllegalArgumentException(
            "probe module '%s' is not a module name of the exporter's config, e.g. tcp_connect"
                .formatted(module));
      }
      if (target == null || target.isBlank()) {
        throw new IllegalArgumentException(
            "probe target of module %s is empty; give what the exporter probes, e.g. 127.0.0.1:5432"
                .formatted(module));
      }
    }
  }

  private static final Pattern JOB = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_-]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public ScrapeTarget {
    if (job == null || !JOB.matcher(job).matches()) {
      throw new IllegalArgumentException(
          "scrape target job '%s' is not a valid job name; use letters, digits, '_' or '-', e.g. intelgraph-api"
              .formatted(job));
    }
    if (url == null
        || url.getHost() == null
        || url.getPort() < 0
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException(
          "scrape target of job %s has URL '%s'; expected an absolute http(s) URL with host and port, e.g. http://127.0.0.1:9100/metrics"
              .formatted(job, url));
    }
    if (url.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "scrape target of job %s has URL '%s' with a query string; the sandbox scrapes plain paths only, e.g. /metrics"
              .formatted(job, url));
    }
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    probe = probe == null ? Optional.empty() : probe;
    labels
        .keySet()
        .forEach(
            name -> {
              if (!LABEL.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException(
                    "scrape target %s of job %s has label name '%s'; expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __"
                        .formatted(url, job, name));
              }
            });
  }

  public ScrapeTarget(String job, URI url, Map<String, String> labels) {
    this(job, url, labels, Optional.empty(), false);
  }

  /** A scrape whose series keep their own labels: a Pushgateway's groups. */
  public static ScrapeTarget honoringLabels(String job, URI url) {
    return new ScrapeTarget(job, url, Map.of(), Optional.empty(), true);
  }

  public ScrapeTarget(String job, URI url) {
    this(job, url, Map.of());
  }

  /** {@code probe} asked of the multi-target exporter whose probe endpoint is {@code exporter}. */
  public static ScrapeTarget probe(
      String job, URI exporter, Probe probe, Map<String, String> labels) {
    return new ScrapeTarget(job, exporter, labels, Optional.of(probe), false);
  }

  /**
   * What Prometheus calls the instance: the probed target for a probe (the exporter's guide
   * relabels {@code instance} from it), else the scraped {@code host:port}.
   */
  public String instance() {
    return probe.map(Probe::target).orElseGet(this::exporter);
  }

  /** The {@code host:port} Prometheus connects to: the exporter, for a probe. */
  public String exporter() {
    return url.getHost() + ":" + url.getPort();
  }

  /** The metrics path, {@code /metrics} when the URL has none. */
  public String metricsPath() {
    return url.getRawPath() == null || url.getRawPath().isEmpty() ? "/metrics" : url.getRawPath();
  }
}
