package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.bench.TimedProcess;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints how long the gates take against a local Prometheus holding 72 h of backfilled, healthy
 * data: all default gates at one instant (warm, 20 runs), and a replay of 72 h at 15 s (5 runs).
 *
 * <pre>
 * mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.intelgraph.cutover.gate.GateBenchmark
 * </pre>
 */
public final class GateBenchmark {

  private GateBenchmark() {}

  public static void main(String[] args) throws IOException {
    Duration span = Duration.ofHours(72);
    Instant start = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
    System.out.printf(
        "machine: %d cores (nproc), %s%n", Runtime.getRuntime().availableProcessors(), cpuModel());
    long t0 = System.nanoTime();
    try (BackfilledPrometheus prometheus =
        BackfilledPrometheus.start(Scenarios.healthy(start, span.plusMinutes(10)))) {
      System.out.printf(
          "backfill + start of %s at 15 s scrape: %d ms%n",
          span, (System.nanoTime() - t0) / 1_000_000);
      Environment environment =
          io.intelgraph.cutover.config.TestEnvironments.prodExample(
              Map.of(
                  "cutover.endpoints.prometheus",
                  prometheus.url().toString(),
                  "cutover.gates.api_p95.max_above_baseline",
                  "50%"));
      List<Gate> gates = Gate.all(environment, Scope.CANARY);
      Baselines baselines = new Baselines(Map.of("api_p95", 0.25));
      Instant at = start.plus(Duration.ofHours(36));

      try (GateEvaluator evaluator = GateEvaluator.forEnvironment(environment)) {
        for (int i = 0; i < 5; i++)
          evaluator.evaluateAll(gates, at.plusSeconds(i * 15L), baselines);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long began = System.nanoTime();
          List<GateEvaluation> all =
              evaluator.evaluateAll(gates, at.plusSeconds(60 + i * 15L), baselines);
          micros.add((System.nanoTime() - began) / 1_000);
          if (!all.stream().allMatch(GateEvaluation::passed))
            throw new IllegalStateException("healthy data did not pass: " + all);
        }
        System.out.printf(
            Locale.ROOT,
            "all %d default gates (%d queries), warm, 20 runs: median %.1f ms, max %.1f ms%n",
            gates.size(),
            gates.size() * 3 - (int) gates.stream().filter(g -> g.trafficQuery().isEmpty()).count(),
            median(micros) / 1000.0,
            Collections.max(micros) / 1000.0);
      }

      PromQlClient client = new PromQlClient(prometheus.url(), Duration.ofSeconds(30));
      Map<String, Long> laps = new java.util.LinkedHashMap<>();
      Replay replay = new Replay(client, VerdictRules.Rules.from(environment.cadence()));
      Instant from = start.plus(Duration.ofMinutes(10));
      Instant to = from.plus(span);
      Duration step = Duration.ofSeconds(15);
      List<Replay.RangeRequest> requests = Replay.requests(gates, from, to, step);
      List<Long> millis = new ArrayList<>();
      List<Long> floor = new ArrayList<>();
      long bytes = 0;
      ReplayReport last = null;
      // interleaved, alternating which goes first, so both see the same machine in the same minutes
      for (int i = 0; i < 6; i++) {
        for (int turn = 0; turn < 2; turn++) {
          long began = System.nanoTime();
          if ((turn + i) % 2 == 0) {
            laps.clear();
            last = replay.withLaps(laps(laps)).run(gates, from, to, step, baselines);
            if (i > 0) millis.add((System.nanoTime() - began) / 1_000_000);
          } else {
            bytes = fetchRaw(prometheus.url(), requests);
            if (i > 0) floor.add((System.nanoTime() - began) / 1_000_000);
          }
        } // the first round warms the JIT and Prometheus's caches
      }
      double ratio = (double) median(millis) / Math.max(1, median(floor));
      System.out.printf(
          Locale.ROOT,
          "replay of 72 h at 15 s over %d gates (%d steps, %d evaluations), 5 warm runs: median %d ms, max %d ms; worst %s; last run's laps (ms): %s%n",
          gates.size(),
          last.summary().steps(),
          last.summary().steps() * gates.size(),
          median(millis),
          Collections.max(millis),
          last.summary().worst(),
          laps);
      // the same figures as rows of ci/bench's table
      System.out.printf(
          Locale.ROOT,
          "BENCH\t5 replay scale\treplay 72 h at 15 s, %d default gates, %d steps, in-process (median of 5 warm runs)\t%d ms\t< 1.5 s and <= 1.2x the floor\t%s%n",
          gates.size(),
          last.summary().steps(),
          median(millis),
          median(millis) < 1500 && ratio <= 1.2 ? "met" : "missed");
      System.out.printf(
          Locale.ROOT,
          "BENCH\t5 replay scale\tfloor: Prometheus answering the replay's %d distinct range queries, fetched raw (%d KiB, %d at a time, not parsed; median of 5, interleaved)\t%d ms\t\t%n",
          requests.size(),
          bytes / 1024,
          Replay.IN_FLIGHT,
          median(floor));
      System.out.printf(
          Locale.ROOT,
          "BENCH\t5 replay scale\treplay / floor (in-process replay over the raw fetch of its queries, same run)\t%.2fx\t<= 1.2x\t%s%n",
          ratio,
          ratio <= 1.2 ? "met" : "missed");
      coldCommandLine(prometheus.url().toString(), from, from.plus(span), gates.size());
    }
  }

  /**
   * The same replay as a user runs it: {@code target/maestro-cutover replay} in a fresh JVM
   * (start-up, configuration and output included), 3 runs; exit 0 (GREEN over the healthy data) or
   * the row says why.
   */
  private static void coldCommandLine(String prometheus, Instant from, Instant to, int gates)
      throws IOException {
    Path launcher = Path.of(System.getProperty("bench.launcher", "target/maestro-cutover"));
    if (!Files.isExecutable(launcher)) {
      System.out.printf(
          "BENCH\t5 replay scale\treplay 72 h at 15 s, CLI cold JVM\tCOULD NOT RUN: %s is missing (mvn -o -q package)\t< 2.5 s\tmissed%n",
          launcher);
      return;
    }
    Path config = Files.createTempFile("replay-bench-", ".yaml");
    Files.writeString(
        config,
        "endpoints: {prometheus: '%s'}\ngates: {api_p95: {max_above_baseline: 50%%}}\n"
            .formatted(prometheus));
    List<String> command =
        List.of(
            launcher.toString(),
            "replay",
            "--config",
            config.toString(),
            "--scope",
            "canary",
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--step",
            "15s",
            "--baseline",
            "api_p95=250ms",
            "--format",
            "json");
    List<Long> millis = new ArrayList<>();
    String problem = "";
    String timings = "";
    for (int i = 0; i < 3; i++) {
      TimedProcess run;
      try {
        run =
            TimedProcess.run(
                command,
                Map.of(
                    "JAVA_HOME",
                    System.getProperty("java.home"),
                    "JAVA_OPTS",
                    "-Dmaestro.timings=true"),
                120);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + command, e);
      }
      millis.add((long) run.millis());
      timings =
          run.output()
              .lines()
              .filter(l -> l.startsWith("timings ms:"))
              .findFirst()
              .orElse("timings: none printed");
      if (run.exit() != 0) {
        String text = run.output().strip();
        problem =
            "; exit %d (healthy data should be GREEN): %s"
                .formatted(run.exit(), text.substring(Math.max(0, text.length() - 300)));
      }
    }
    Files.deleteIfExists(config);
    long median = median(millis);
    System.out.printf(
        Locale.ROOT,
        "BENCH\t5 replay scale\treplay 72 h at 15 s, %d default gates, CLI cold JVM through the launcher (median of 3; last run's %s)\t%d ms%s\t< 2.5 s\t%s%n",
        gates,
        timings,
        median,
        problem,
        problem.isEmpty() && median < 2500 ? "met" : "missed");
  }

  /** Records a replay's laps (ms) into {@code into}, the first counting from now. */
  private static Replay.Laps laps(Map<String, Long> into) {
    return new Replay.Laps() {
      private long last = System.nanoTime();

      @Override
      public void lap(String phase) {
        long now = System.nanoTime();
        into.merge(phase, (now - last) / 1_000_000, Long::sum);
        last = now;
      }

      @Override
      public void within(String phase, long nanos) {
        into.merge(phase + "_within_fetch", nanos / 1_000_000, Long::sum);
      }
    };
  }

  /**
   * The floor of a replay: its distinct range requests sent as the client sends them (form POST),
   * {@link Replay#IN_FLIGHT} at a time, each answer's bytes read and not parsed. Returns the bytes
   * read.
   */
  private static long fetchRaw(java.net.URI prometheus, List<Replay.RangeRequest> requests) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(Replay.IN_FLIGHT);
    try {
      List<java.util.concurrent.Future<Integer>> sizes = new ArrayList<>();
      for (Replay.RangeRequest r : requests) {
        String form =
            "query="
                + java.net.URLEncoder.encode(r.query(), java.nio.charset.StandardCharsets.UTF_8)
                + "&start="
                + seconds(r.start().toEpochMilli())
                + "&end="
                + seconds(r.end().toEpochMilli())
                + "&step="
                + seconds(r.step().toMillis());
        java.net.http.HttpRequest request =
            java.net.http.HttpRequest.newBuilder(prometheus.resolve("/api/v1/query_range"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                .build();
        sizes.add(
            pool.submit(
                () -> {
                  java.net.http.HttpResponse<byte[]> answer =
                      http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                  if (answer.statusCode() != 200)
                    throw new IllegalStateException(
                        "floor: HTTP %d for %s".formatted(answer.statusCode(), r));
                  return answer.body().length;
                }));
      }
      long bytes = 0;
      for (java.util.concurrent.Future<Integer> size : sizes) bytes += size.get();
      return bytes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching the floor", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("floor fetch failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Seconds with millisecond precision, as the client sends them. */
  private static String seconds(long millis) {
    return "%d.%03d".formatted(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Paths.get("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) return "unknown CPU";
    return Files.readAllLines(cpuinfo).stream()
        .filter(l -> l.startsWith("model name"))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .orElse("unknown CPU");
  }
}
