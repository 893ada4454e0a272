package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Alertmanager (Debian {@code prometheus-alertmanager}) as a child process on 127.0.0.1,
 * clustering off, routing every alert to one PagerDuty receiver whose Events API v2 {@code url}
 * points at a sink of the sandbox instead of events.pagerduty.com (<a
 * href="https://prometheus.io/docs/alerting/0.25/configuration/#pagerduty_config">pagerduty_config</a>):
 * so its own {@code alertmanager_notifications_total{integration="pagerduty"}} counts the pages, as
 * production's does. The route (<a
 * href="https://prometheus.io/docs/alerting/0.25/configuration/#route">route</a>) compresses
 * production's timers like the sandbox's rule windows: {@value #GROUP_WAIT} group wait and
 * interval, a page repeated every {@value #REPEAT_INTERVAL} while the alert fires. Resolutions are
 * not sent: they are not pages, and a counter that rose after the fault ended would keep the
 * sandbox's page frequency breached for a window longer.
 *
 * <pre>{@code
 * try (Alertmanager alertmanager = Alertmanager.start(workDir, sinkUrl, Duration.ofSeconds(20))) {
 *   prometheus.reconfigure(targets, List.of(alertmanager.baseUrl()));
 * }
 * }</pre>
 */
public final class Alertmanager implements AutoCloseable {

  /** Names an explicit binary instead of searching the PATH. */
  public static final String BINARY_PROPERTY = "sandbox.alertmanager.binary";

  /** The receiver's name, also its integration's. */
  public static final String RECEIVER = "pagerduty";

  static final String GROUP_WAIT = "1s";
  static final String REPEAT_INTERVAL = "5s";

  private static final String BINARY = "prometheus-alertmanager";

  private final ChildProcess process;
  private final URI baseUrl;

  private Alertmanager(ChildProcess process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts it with its config, storage and log under {@code workDir}, paging {@code pagerDutyUrl};
   * returns once {@code /-/ready} answers 200.
   */
  public static Alertmanager start(Path workDir, URI pagerDutyUrl, Duration readyTimeout) {
    Path binary =
        LoopbackChild.binary(
            BINARY,
            BINARY_PROPERTY,
            "prometheus-alertmanager",
            "the sandbox's alerts go through the real Alertmanager");
    LoopbackChild child =
        LoopbackChild.start(
            "alertmanager",
            binary,
            workDir.resolve("alertmanager"),
            (dir, port) ->
                List.of(
                    "--config.file=" + writeConfig(dir, pagerDutyUrl),
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    // an empty address turns the gossip cluster (0.0.0.0:9094) off: one instance
                    "--cluster.listen-address="),
            "/-/ready",
            readyTimeout);
    return new Alertmanager(child.process(), child.baseUrl());
  }

  private static Path writeConfig(Path dir, URI pagerDutyUrl) {
    try {
      return Files.writeString(dir.resolve("alertmanager.yml"), config(pagerDutyUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write alertmanager.yml under " + dir, e);
    }
  }

  /** {@code alertmanager.yml}: one route, one PagerDuty receiver posting to {@code url}. */
  static String config(URI pagerDutyUrl) {
    return """
        route:
          receiver: %1$s
          group_by: [alertname]
          group_wait: %2$s
          group_interval: %2$s
          repeat_interval: %3$s
        receivers:
          - name: %1$s
            pagerduty_configs:
              - routing_key: sandbox-routing-key
                url: %4$s
                send_resolved: false
        """
        .formatted(RECEIVER, GROUP_WAIT, REPEAT_INTERVAL, pagerDutyUrl);
  }

  /** Where Prometheus sends alerts ({@code /api/v2/alerts}) and what it scrapes for metrics. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Its own metrics, {@code alertmanager_notifications_total} among them. */
  public URI metricsUrl() {
    return baseUrl.resolve("/metrics");
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "alertmanager at " + baseUrl;
  }
}
