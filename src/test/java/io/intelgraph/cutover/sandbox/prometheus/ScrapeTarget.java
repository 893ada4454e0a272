package io.intelgraph.cutover.sandbox.prometheus;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One endpoint Prometheus scrapes: the job it belongs to, the full metrics URL and extra target
 * labels (e.g. {@code track=canary}).
 *
 * <pre>
 * {@code new ScrapeTarget("intelgraph-api", URI.create("http://127.0.0.1:4711/metrics"), Map.of("track", "canary"))}
 * </pre>
 */
public record ScrapeTarget(String job, URI url, Map<String, String> labels) {

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

  public ScrapeTarget(String job, URI url) {
    this(job, url, Map.of());
  }

  /** The {@code host:port} Prometheus calls the instance. */
  public String instance() {
    return url.getHost() + ":" + url.getPort();
  }

  /** The metrics path, {@code /metrics} when the URL has none. */
  public String metricsPath() {
    return url.getRawPath() == null || url.getRawPath().isEmpty() ? "/metrics" : url.getRawPath();
  }
}
