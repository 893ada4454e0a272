package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Pushgateway (Debian {@code prometheus-pushgateway}) as a child process on 127.0.0.1,
 * without persistence: where the run of show pushes its own metrics ({@code metrics.pushgateway})
 * and which the sandbox's Prometheus scrapes with {@code honor_labels: true}, as the Pushgateway's
 * README asks (https://github.com/prometheus/pushgateway#about-the-job-and-instance-labels), so the
 * pushed groups keep their {@code job}, {@code release}, {@code environment} and {@code attempt}.
 * The admin API is on so a test can start from an empty gateway ({@link #wipe()}).
 *
 * <pre>{@code
 * try (PushgatewayServer gateway = PushgatewayServer.start(workDir, Duration.ofSeconds(20))) {
 *   targets.add(ScrapeTarget.honoringLabels(PUSHGATEWAY_JOB, gateway.metricsUrl()));
 * }
 * }</pre>
 */
public final class PushgatewayServer implements AutoCloseable {

  /** Names an explicit binary instead of searching the PATH. */
  public static final String BINARY_PROPERTY = "sandbox.pushgateway.binary";

  private static final String BINARY = "prometheus-pushgateway";

  private final ChildProcess process;
  private final URI baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PushgatewayServer(ChildProcess process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts it with its log under {@code workDir}; returns once {@code /-/ready} answers 200. */
  public static PushgatewayServer start(Path workDir, Duration readyTimeout) {
    Path binary =
        LoopbackChild.binary(
            BINARY,
            BINARY_PROPERTY,
            "prometheus-pushgateway",
            "the run of show pushes its metrics to the real Pushgateway");
    LoopbackChild child =
        LoopbackChild.start(
            "pushgateway",
            binary,
            workDir.resolve("pushgateway"),
            (dir, port) ->
                List.of(
                    "--web.listen-address=127.0.0.1:" + port,
                    "--web.enable-admin-api",
                    // Debian's build persists to /var/lib/prometheus/pushgateway.data by default,
                    // one file every instance on the machine would load and overwrite: this one
                    // keeps
                    // its groups in memory, its own
                    "--persistence.file="),
            "/-/ready",
            readyTimeout);
    return new PushgatewayServer(child.process(), child.baseUrl());
  }

  /** Its base URL, as {@code metrics.pushgateway} names it. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** What Prometheus scrapes: every pushed group, and the gateway's own metrics. */
  public URI metricsUrl() {
    return baseUrl.resolve("/metrics");
  }

  /** Its {@code /metrics} page as text. */
  public String scrape() {
    return send(HttpRequest.newBuilder(metricsUrl()).GET(), "GET /metrics");
  }

  /** Deletes every group ({@code PUT /api/v1/admin/wipe}, the README's admin API). */
  public void wipe() {
    send(
        HttpRequest.newBuilder(baseUrl.resolve("/api/v1/admin/wipe"))
            .PUT(HttpRequest.BodyPublishers.noBody()),
        "PUT /api/v1/admin/wipe");
  }

  private String send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "the Pushgateway at %s answered %s with HTTP %d: %s"
                .formatted(baseUrl, what, response.statusCode(), response.body()));
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the Pushgateway at %s did not answer %s; its log: %s"
              .formatted(baseUrl, what, process.log()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + what + " at " + baseUrl, e);
    }
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "pushgateway at " + baseUrl;
  }
}
