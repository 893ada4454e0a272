package io.intelgraph.cutover.sandbox.prometheus;

import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Prometheus, for the sandbox: a local {@code prometheus} binary as a child process (from
 * the PATH or {@code -Dsandbox.prometheus.binary=PATH}), else a {@code prom/prometheus} container
 * when Docker is available, else a clear error. It listens on an ephemeral 127.0.0.1 port, scrapes
 * the given targets, keeps its TSDB and log in a temp directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.builder()
 *     .scrape(new ScrapeTarget("kafka", URI.create("http://127.0.0.1:9308/metrics")))
 *     .start()) {
 *   List<PrometheusServer.Sample> up = prometheus.query("up");
 * }
 * }</pre>
 *
 * {@link #pause()} freezes the server (queries hang and time out) and {@link #resume()} brings it
 * back with its data: that is how the sandbox plays {@code PROMETHEUS_DOWN}.
 */
public final class PrometheusServer implements AutoCloseable {

  /** System property naming the prometheus binary, instead of searching the PATH. */
  public static final String BINARY_PROPERTY = "sandbox.prometheus.binary";

  static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int START_ATTEMPTS = 3;

  /** One series of an instant-query answer. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  private final Path workDir;
  private final Path configFile;
  private final Duration scrapeInterval;
  private final List<String> ruleFiles;
  private final Path logFile;
  private final URI baseUrl;
  private final PrometheusRuntime.Running running;
  private final Optional<WebSecurity> web;
  private final HttpClient http;
  private volatile boolean paused;

  private PrometheusServer(
      Path workDir,
      Path configFile,
      Duration scrapeInterval,
      List<String> ruleFiles,
      Path logFile,
      URI baseUrl,
      PrometheusRuntime.Running running,
      Optional<WebSecurity> web) {
    this.workDir = workDir;
    this.configFile = configFile;
    this.scrapeInterval = scrapeInterval;
    this.ruleFiles = List.copyOf(ruleFiles);
    this.logFile = logFile;
    this.baseUrl = baseUrl;
    this.running = running;
    this.web = web;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    this.http = web.map(w -> w.configure(client)).orElse(client).build();
  }

  /**
   * A request of the sandbox's own, with the credentials when the server is {@link Builder#secured
   * secured}.
   */
  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    return web.map(w -> w.authorize(request)).orElse(request);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Base URL, e.g. {@code http://127.0.0.1:34567} ({@code https://} when secured); the HTTP API is
   * under {@code /api/v1}.
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The server's log (stdout and stderr), kept until {@link #close()}. */
  public Path logFile() {
    return logFile;
  }

  /** The child's process id for resident-memory figures; empty when it runs in a container. */
  public OptionalLong pid() {
    return running.pid();
  }

  /** Freezes Prometheus: HTTP requests get no answer until {@link #resume()}. Idempotent. */
  public synchronized void pause() {
    if (!paused) {
      running.pause();
      paused = true;
      LOG.info("prometheus at {} paused", baseUrl);
    }
  }

  /** Undoes {@link #pause()}. Idempotent. */
  public synchronized void resume() {
    if (paused) {
      running.resume();
      paused = false;
      LOG.info("prometheus at {} resumed", baseUrl);
    }
  }

  public boolean isPaused() {
    return paused;
  }

  /**
   * Replaces the scrape targets: rewrites the config and asks Prometheus to reload it ({@code POST
   * /-/reload}). Lets a caller start Prometheus before the targets' ports are known, so its
   * start-up (and its discovery manager's 5 s update tick) overlaps with theirs.
   */
  public void reconfigure(List<ScrapeTarget> targets) {
    reconfigure(targets, List.of());
  }

  /**
   * The same, and from now on sends its alerts to these Alertmanagers ({@code http://host:port}),
   * whose ports are known only once they started beside Prometheus.
   */
  public void reconfigure(List<ScrapeTarget> targets, List<URI> alertmanagers) {
    try {
      Files.writeString(
          configFile, PrometheusConfig.render(targets, scrapeInterval, ruleFiles, alertmanagers));
      HttpResponse<String> response =
          http.send(
              request(baseUrl.resolve("/-/reload"))
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "prometheus at %s refused the new config %s (HTTP %d): %s; last log lines:%n%s"
                .formatted(
                    baseUrl,
                    configFile,
                    response.statusCode(),
                    response.body(),
                    LogTail.of(logFile, 10)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not reload prometheus at %s with %s".formatted(baseUrl, configFile), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reloading prometheus at " + baseUrl, e);
    }
  }

  /** Whether {@code /-/ready} answers 200 within {@code timeout}. */
  public boolean isReady(Duration timeout) {
    try {
      HttpResponse<Void> response =
          http.send(
              request(baseUrl.resolve("/-/ready")).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether every loaded rule group has been evaluated at least once: until then the rules API
   * reports {@code lastEvaluation} as Go's zero time, which a gate rightly reads as stale.
   */
  public boolean rulesEvaluated(Duration timeout) {
    if (ruleFiles.isEmpty()) return true;
    try {
      HttpResponse<String> response =
          http.send(
              request(baseUrl.resolve("/api/v1/rules")).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && response.body().contains("\"groups\"")
          && !response.body().contains("\"lastEvaluation\":\"0001-01-01T00:00:00Z\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Instant query at the server's current time; see {@link #query(String, Instant)}. */
  public List<Sample> query(String promql) {
    return query(promql, null);
  }

  /**
   * Runs an instant query ({@code /api/v1/query}) with a 3 s timeout and returns the vector answer.
   * Throws when Prometheus does not answer, answers an error or answers something else than a
   * vector.
   */
  public List<Sample> query(String promql, Instant at) {
    StringBuilder uri =
        new StringBuilder(baseUrl + "/api/v1/query?query=")
            .append(URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (at != null) {
      uri.append("&time=")
          .append(at.getEpochSecond())
          .append('.')
          .append(String.format("%03d", at.getNano() / 1_000_000));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request(URI.create(uri.toString())).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "prometheus at %s did not answer `%s`: %s".formatted(baseUrl, promql, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying " + baseUrl, e);
    }
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200
        || !"success".equals(body.path("status").asString())
        || !"vector".equals(body.path("data").path("resultType").asString())) {
      throw new IllegalStateException(
          "prometheus at %s answered `%s` with HTTP %d: %s"
              .formatted(baseUrl, promql, response.statusCode(), response.body()));
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : body.path("data").path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series
          .path("metric")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
      samples.add(new Sample(labels, Double.parseDouble(series.path("value").get(1).asString())));
    }
    return samples;
  }

  /** Stops the server (even when paused) and deletes its TSDB, config and log. */
  @Override
  public void close() {
    try {
      running.close();
    } finally {
      deleteRecursively(workDir);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException("could not delete " + path, e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  /** Collects targets and options; {@link #start()} blocks until Prometheus is ready. */
  public static final class Builder {
    private final List<ScrapeTarget> targets = new ArrayList<>();
    private final List<Path> backfills = new ArrayList<>();
    private final Map<String, String> rules = new LinkedHashMap<>();
    private Duration scrapeInterval = Duration.ofSeconds(1);
    private Optional<WebSecurity> web = Optional.empty();

    private Builder() {}

    /**
     * Serves the API over TLS with basic auth (and a required client certificate when {@code web}
     * says so), started with {@code --web.config.file}: {@link #baseUrl()} is then {@code
     * https://127.0.0.1:PORT}.
     */
    public Builder secured(WebSecurity security) {
      this.web = Optional.of(Objects.requireNonNull(security, "security"));
      return this;
    }

    public Builder scrape(ScrapeTarget target) {
      targets.add(Objects.requireNonNull(target, "target"));
      return this;
    }

    public Builder scrape(List<ScrapeTarget> more) {
      more.forEach(this::scrape);
      return this;
    }

    public Builder scrapeInterval(Duration interval) {
      if (interval.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException(
            "scrape interval %s is too short; use at least 100ms, e.g. 1s".formatted(interval));
      }
      this.scrapeInterval = interval;
      return this;
    }

    /**
     * Starts from history: before start, {@code promtool tsdb create-blocks-from openmetrics} turns
     * this file (timestamps in seconds, ending with {@code # EOF}) into TSDB blocks.
     */
    public Builder backfill(Path openMetricsFile) {
      if (!Files.isRegularFile(openMetricsFile)) {
        throw new IllegalArgumentException(
            "backfill file %s does not exist".formatted(openMetricsFile));
      }
      backfills.add(openMetricsFile);
      return this;
    }

    /**
     * Loads a rule file (Prometheus' rule-file YAML), written beside the config as {@code fileName}
     * and evaluated every scrape interval; a file Prometheus refuses stops the start with its log.
     */
    public Builder rules(String fileName, String yaml) {
      if (fileName == null
          || !fileName.matches("[a-zA-Z0-9_.-]+\\.ya?ml")
          || fileName.equals("prometheus.yml")) {
        throw new IllegalArgumentException(
            "rule file name '%s' must be a plain .yml name other than prometheus.yml, e.g. burn-rate.yml"
                .formatted(fileName));
      }
      rules.put(fileName, Objects.requireNonNull(yaml, "yaml"));
      return this;
    }

    public PrometheusServer start() {
      PrometheusRuntime runtime = chooseRuntime();
      Path workDir;
      try {
        workDir = Files.createTempDirectory("sandbox-prometheus-");
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        Path config = workDir.resolve("prometheus.yml");
        for (Map.Entry<String, String> file : rules.entrySet()) {
          Files.writeString(workDir.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(
            config,
            PrometheusConfig.render(
                targets, scrapeInterval, List.copyOf(rules.keySet()), List.of()));
        Path logFile = workDir.resolve("prometheus.log");
        Optional<Path> webConfig = web.map(w -> w.write(workDir));
        try {
          for (Path file : backfills) {
            Promtool.createBlocks(file, dataDir, logFile);
          }
          return startWithRetry(runtime, workDir, config, dataDir, logFile, webConfig);
        } catch (RuntimeException e) {
          deleteRecursively(workDir);
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare a temp directory for prometheus", e);
      }
    }

    private PrometheusServer startWithRetry(
        PrometheusRuntime runtime,
        Path workDir,
        Path config,
        Path dataDir,
        Path logFile,
        Optional<Path> webConfig) {
      for (int attempt = 1; ; attempt++) {
        int port = LoopbackPorts.free();
        URI baseUrl = URI.create((web.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
        PrometheusRuntime.Running running =
            runtime.start(config, dataDir, port, logFile, webConfig);
        PrometheusServer server =
            new PrometheusServer(
                workDir,
                config,
                scrapeInterval,
                List.copyOf(rules.keySet()),
                logFile,
                baseUrl,
                running,
                web);
        try {
          await("prometheus ready at " + baseUrl + "/-/ready")
              .atMost(READY_TIMEOUT)
              .pollDelay(Duration.ofMillis(50))
              .pollInterval(Duration.ofMillis(50))
              .failFast("prometheus exited", () -> !running.isAlive())
              .until(() -> server.isReady(Duration.ofSeconds(1)));
          // ready also means its rules were evaluated once, so the alerts gate's first check is not
          // STALE
          await("prometheus at " + baseUrl + " evaluated its rule groups once")
              .atMost(READY_TIMEOUT)
              .pollInterval(Duration.ofMillis(100))
              .failFast("prometheus exited", () -> !running.isAlive())
              .until(() -> server.rulesEvaluated(Duration.ofSeconds(1)));
          LOG.info("prometheus ({}) ready at {}", runtime.describe(), baseUrl);
          return server;
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
          running.close();
          String tail = LogTail.of(logFile, 15);
          if (tail.contains("address already in use") && attempt < START_ATTEMPTS) {
            LOG.warn(
                "port {} was taken before prometheus bound it; retrying on another port", port);
            continue;
          }
          throw new IllegalStateException(
              "prometheus (%s) did not become ready at %s within %s (%s); last log lines of %s:%n%s"
                  .formatted(
                      runtime.describe(), baseUrl, READY_TIMEOUT, e.getMessage(), logFile, tail),
              e);
        }
      }
    }

    private static PrometheusRuntime chooseRuntime() {
      var binary = Binaries.find("prometheus", BINARY_PROPERTY);
      if (binary.isPresent()) {
        return new LocalProcessRuntime(binary.get());
      }
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return new ContainerRuntime();
      }
      throw new IllegalStateException(
          "the sandbox needs a real Prometheus: no `prometheus` binary on the PATH (or -D%s=PATH) and no Docker engine. Install it with `sudo apt-get install -y prometheus` (it is run as a child process; nothing is started as a service), or start Docker"
              .formatted(BINARY_PROPERTY));
    }
  }
}
