package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real blackbox exporter (Debian {@code prometheus-blackbox-exporter}, <a
 * href="https://github.com/prometheus/blackbox_exporter">README</a>) as a child process on
 * 127.0.0.1, with a config of one module, {@value #TCP_CONNECT}: the {@code tcp} prober with no
 * query/response, i.e. a probe succeeds when the TCP handshake does (<a
 * href="https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md#tcp_probe">CONFIGURATION.md,
 * tcp_probe</a>). Prometheus scrapes {@code /probe?module=tcp_connect&target=host:port} per target
 * ({@link #probe}); the answer carries {@code probe_success} 1 or 0.
 *
 * <pre>{@code
 * try (BlackboxExporter blackbox = BlackboxExporter.start(workDir, Duration.ofSeconds(20))) {
 *   targets.add(blackbox.probe("blackbox-databases", "127.0.0.1:5432", Map.of("database", "postgres")));
 * }
 * }</pre>
 */
public final class BlackboxExporter implements AutoCloseable {

  /** Names an explicit binary instead of searching the PATH. */
  public static final String BINARY_PROPERTY = "sandbox.blackbox_exporter.binary";

  /** The module that opens a TCP connection, as the exporter's example config names it. */
  public static final String TCP_CONNECT = "tcp_connect";

  static final String BINARY = "prometheus-blackbox-exporter";

  /**
   * The exporter bounds a probe by the smaller of the module's timeout and the scrape timeout less
   * its 0.5 s offset, so a closed port answers {@code probe_success 0} within the scrape, not a
   * failed scrape; the module's 2 s only caps slower scrape intervals.
   */
  static final String CONFIG =
      """
      modules:
        %s:
          prober: tcp
          timeout: 2s
      """
          .formatted(TCP_CONNECT);

  private final ChildProcess process;
  private final URI baseUrl;

  private BlackboxExporter(ChildProcess process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts it with its config and log under {@code workDir}; returns once it answers. */
  public static BlackboxExporter start(Path workDir, Duration readyTimeout) {
    Path binary =
        LoopbackChild.binary(
            BINARY,
            BINARY_PROPERTY,
            "prometheus-blackbox-exporter",
            "the sandbox probes its databases with the real blackbox exporter");
    LoopbackChild child =
        LoopbackChild.start(
            "blackbox exporter",
            binary,
            workDir.resolve("blackbox-exporter"),
            (dir, port) ->
                List.of(
                    "--config.file=" + writeConfig(dir), "--web.listen-address=127.0.0.1:" + port),
            "/-/healthy",
            readyTimeout);
    return new BlackboxExporter(child.process(), child.baseUrl());
  }

  private static Path writeConfig(Path dir) {
    try {
      return Files.writeString(dir.resolve("blackbox.yml"), CONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write blackbox.yml under " + dir, e);
    }
  }

  /** A {@value #TCP_CONNECT} probe of {@code hostPort} for Prometheus to scrape as {@code job}. */
  public ScrapeTarget probe(String job, String hostPort, Map<String, String> labels) {
    return ScrapeTarget.probe(
        job, baseUrl.resolve("/probe"), new ScrapeTarget.Probe(TCP_CONNECT, hostPort), labels);
  }

  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "blackbox exporter at " + baseUrl;
  }
}
