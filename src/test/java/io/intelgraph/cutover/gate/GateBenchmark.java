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
      Replay replay = new Replay(client, VerdictRules.Rules.from(environment.cadence()));
      Instant from = start.plus(Duration.ofMinutes(10));
      List<Long> millis = new ArrayList<>();
      ReplayReport last = null;
      for (int i = 0; i < 6; i++) {
        long began = System.nanoTime();
        last = replay.run(gates, from, from.plus(span), Duration.ofSeconds(15), baselines);
        if (i > 0)
          millis.add((System.nanoTime() - began) / 1_000_000); // the first run warms the JIT
      }
      System.out.printf(
          Locale.ROOT,
          "replay of 72 h at 15 s over %d gates (%d steps, %d evaluations), 5 warm runs: median %d ms, max %d ms; worst %s%n",
          gates.size(),
          last.summary().steps(),
          last.summary().steps() * gates.size(),
          median(millis),
          Collections.max(millis),
          last.summary().worst());
      // the same figure as a row of ci/bench's table
      System.out.printf(
          Locale.ROOT,
          "BENCH\t5 replay scale\treplay 72 h at 15 s, %d default gates, %d steps, in-process (median of 5 warm runs)\t%d ms\t< 2 s\t%s%n",
          gates.size(),
          last.summary().steps(),
          median(millis),
          median(millis) < 2000 ? "met" : "missed");
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
          "BENCH\t5 replay scale\treplay 72 h at 15 s, CLI cold JVM\tCOULD NOT RUN: %s is missing (mvn -o -q package)\t< 2 s\tmissed%n",
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
    for (int i = 0; i < 3; i++) {
      TimedProcess run;
      try {
        run = TimedProcess.run(command, Map.of("JAVA_HOME", System.getProperty("java.home")), 120);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + command, e);
      }
      millis.add((long) run.millis());
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
        "BENCH\t5 replay scale\treplay 72 h at 15 s, %d default gates, CLI cold JVM through the launcher (median of 3)\t%d ms%s\t< 2 s\t%s%n",
        gates,
        median,
        problem,
        problem.isEmpty() && median < 2000 ? "met" : "missed");
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
