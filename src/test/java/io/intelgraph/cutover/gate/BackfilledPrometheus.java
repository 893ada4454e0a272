package io.intelgraph.cutover.gate;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (the {@code prometheus} binary on the PATH) serving backfilled scenario data on
 * an ephemeral loopback port, for tests and benchmarks. Nothing scrapes: the data is exactly what
 * {@link ScenarioData} wrote, so gate evaluations at historical times are deterministic.
 *
 * <pre>{@code
 * try (BackfilledPrometheus prometheus = BackfilledPrometheus.start(data)) { prometheus.url(); }
 * }</pre>
 */
public final class BackfilledPrometheus implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final Duration BACKFILL_WITHIN = Duration.ofMinutes(5);

  private final Process process;
  private final URI url;
  private final Path directory;

  private BackfilledPrometheus(Process process, URI url, Path directory) {
    this.process = process;
    this.url = url;
    this.directory = directory;
  }

  /** Writes the data, backfills it into a fresh TSDB and starts Prometheus on it; returns once ready. */
  public static BackfilledPrometheus start(ScenarioData data) {
    try {
      Path directory = Files.createTempDirectory("cutover-prometheus-");
      Path metrics = directory.resolve("scenario.om");
      Path tsdb = directory.resolve("tsdb");
      data.write(metrics);
      run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", metrics.toString(), tsdb.toString()),
          directory.resolve("promtool.log"));
      Files.delete(metrics);
      Path config = directory.resolve("prometheus.yml");
      Files.writeString(config, "# nothing to scrape: the data is backfilled\nscrape_configs: []\n");
      int port = freePort();
      Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
          "--storage.tsdb.path=" + tsdb, "--storage.tsdb.retention.time=10y",
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(directory.resolve("prometheus.log").toFile())
          .start();
      // a JVM that is killed does not stop its children: make sure this one goes with it
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-prometheus-" + port));
      URI url = URI.create("http://127.0.0.1:" + port);
      BackfilledPrometheus prometheus = new BackfilledPrometheus(process, url, directory);
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await("Prometheus on " + url + " ready (log: " + directory.resolve("prometheus.log") + ")")
            .atMost(READY_WITHIN).pollInterval(Duration.ofMillis(50))
            .failFast("Prometheus exited; see " + directory.resolve("prometheus.log"), () -> !process.isAlive())
            .until(() -> ready(http, url));
      } catch (RuntimeException e) {
        prometheus.close();
        throw e;
      }
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean ready(HttpClient http, URI url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException ignored) {
      return false; // not listening yet: keep polling until the bound
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void run(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(BACKFILL_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("%s did not finish within %s".formatted(command, BACKFILL_WITHIN));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("%s failed with exit %d: %s".formatted(command, process.exitValue(), Files.readString(log)));
    }
  }

  /** A port that was free a moment ago; a closed port also serves as "Prometheus is down". */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return url;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless; the test result must not depend on cleanup
    }
  }
}
