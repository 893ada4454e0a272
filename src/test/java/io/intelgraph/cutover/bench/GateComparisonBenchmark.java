package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.KeysInUse;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.ReleaseVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.SandboxConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gate evaluation, three ways, against the same sandbox Prometheus under {@code healthy}, {@code
 * canary-5xx} and {@code prometheus-down}: the suite's default gates in this JVM (warm), the same
 * gates from the command line in a fresh JVM, through the launcher ({@code target/maestro-cutover
 * gates}, with its class-data sharing archive; target under 600 ms) and, for comparison, with plain
 * {@code java -jar maestro-cutover.jar gates}, and the runbook's own shell gate script ({@code
 * ci/bench-runbook-gate.sh}). Prints times, the ratio warm/script, the verdict each gave, and where
 * a cold command-line run's time goes: each run is made with {@code -Dmaestro.timings=true}, whose
 * line gives the laps since {@code main}; the JVM's start before {@code main} is the wall time
 * minus their total.
 *
 * <p>The script runs twice per scenario: as written, and with curl's URL globbing off (a {@code
 * .curlrc} holding {@code globoff} in {@code CURL_HOME}; the script file is unchanged). As written,
 * curl reads {@code {...}} and {@code [5m]} in the script's URLs as glob patterns and refuses four
 * of its five URLs (exit 3, no output), so most of its numbers come from the {@code // "0"} default
 * or from nothing at all; the globoff run shows what the queries themselves would have said. The
 * script has no curl timeout, so under {@code prometheus-down} it is killed after {@code
 * bench.scriptTimeout} seconds.
 *
 * <p>Prometheus down comes two ways: frozen (the sandbox's fault: the port accepts, nothing
 * answers), which a check may wait out for one query timeout, and refusing connections (a port
 * nothing listens on, as when Prometheus is not running), which a check must report at once (target
 * < 2 s, in this JVM and from the command line).
 *
 * <pre>
 * java -cp ... -Dbench.jar=target/maestro-cutover.jar -Dbench.launcher=target/maestro-cutover io.intelgraph.cutover.bench.GateComparisonBenchmark
 * </pre>
 */
public final class GateComparisonBenchmark {

  private static final String SECTION = "1 gate evaluation";
  private static final List<Fault> SCENARIOS =
      List.of(Fault.HEALTHY, Fault.CANARY_5XX, Fault.PROMETHEUS_DOWN);

  private final BenchSandbox rig;
  private final Path jar;
  private final Path launcher;
  private final Path script;
  private final Path config;
  private final Path globoffHome;
  private final Path outputs =
      Files.createDirectories(Path.of(System.getProperty("bench.outputs", "target/bench")));
  private final int scriptTimeoutSeconds = Integer.getInteger("bench.scriptTimeout", 20);

  private GateComparisonBenchmark(BenchSandbox rig, Path jar, Path launcher, Path script, Path work)
      throws IOException {
    this.rig = rig;
    this.jar = jar;
    this.launcher = launcher;
    this.script = script;
    this.config = work.resolve("sandbox.yaml");
    try (InputStream in =
        GateComparisonBenchmark.class.getResourceAsStream("/environments/sandbox.yaml")) {
      Files.write(config, in.readAllBytes());
    }
    this.globoffHome = Files.createDirectories(work.resolve("curl-globoff"));
    Files.writeString(globoffHome.resolve(".curlrc"), "globoff\n");
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("bench.jar", "target/maestro-cutover.jar"));
    Path launcher = Path.of(System.getProperty("bench.launcher", "target/maestro-cutover"));
    Path script = Path.of(System.getProperty("bench.script", "ci/bench-runbook-gate.sh"));
    if (!Files.isRegularFile(jar))
      throw new IllegalStateException(
          jar + " is missing; build it with mvn -o -q package -DskipUnitTests=true");
    if (!Files.isExecutable(launcher))
      throw new IllegalStateException(
          launcher + " is missing; build it with mvn -o -q package -DskipUnitTests=true");
    if (!Files.isRegularFile(script))
      throw new IllegalStateException(script + " is missing; run from the project root");
    Path work = Files.createTempDirectory("bench-gates-");
    try (BenchSandbox rig = BenchSandbox.atCanary(20)) {
      new GateComparisonBenchmark(rig, jar, launcher, script, work).run();
    }
  }

  private record Timed(List<Double> millis, String verdict, List<Map<String, Double>> laps) {
    Timed(List<Double> millis, String verdict) {
      this(millis, verdict, List.of());
    }

    double median() {
      return BenchReport.median(millis);
    }
  }

  private void run() throws Exception {
    Map<Fault, Timed> warm = new LinkedHashMap<>();
    Map<Fault, Timed> cli = new LinkedHashMap<>();
    Map<Fault, Timed> plainJar = new LinkedHashMap<>();
    Map<Fault, Timed> asWritten = new LinkedHashMap<>();
    Map<Fault, Timed> globoff = new LinkedHashMap<>();
    List<Gate> gates = Gate.all(rig.environment, Scope.CANARY);
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(rig.environment)) {
      for (Fault fault : SCENARIOS) {
        rig.sandbox.faults().activate(fault);
        if (fault != Fault.PROMETHEUS_DOWN) rig.soak("scenario " + fault.scenario());
        boolean down = fault == Fault.PROMETHEUS_DOWN;
        BenchReport.progress("scenario %s: in-process", fault.scenario());
        // the sandbox's prometheus-down freezes Prometheus: every check waits out the query timeout
        // once
        int downRuns = Integer.getInteger("bench.downRuns", 3);
        warm.put(
            fault,
            inProcess(
                evaluator,
                gates,
                down ? 0 : 5,
                down ? downRuns : Integer.getInteger("bench.warmRuns", 20)));
        BenchReport.progress("scenario %s: command line", fault.scenario());
        int cliRuns = down ? downRuns : Integer.getInteger("bench.cliRuns", 7);
        cli.put(fault, commandLine(true, cliRuns, Map.of()));
        plainJar.put(fault, commandLine(false, cliRuns, Map.of()));
        BenchReport.progress("scenario %s: runbook script", fault.scenario());
        int scriptRuns = down ? 1 : Integer.getInteger("bench.scriptRuns", 5);
        asWritten.put(fault, runbookScript(fault, scriptRuns, false));
        globoff.put(fault, runbookScript(fault, scriptRuns, true));
      }
    } finally {
      rig.sandbox.faults().activate(Fault.HEALTHY);
    }
    // Prometheus dead rather than frozen: its port refuses connections
    BenchReport.progress("prometheus refusing connections: in-process and command line");
    String refusing = "http://127.0.0.1:" + closedPort();
    Timed refusedWarm;
    try (GateEvaluator evaluator =
        new GateEvaluator(
            new PromQlClient(URI.create(refusing), rig.environment.prometheus().queryTimeout()))) {
      refusedWarm = inProcess(evaluator, gates, 1, Integer.getInteger("bench.refusedRuns", 5));
    }
    // as a -D property: it outranks the sandbox's own endpoint property, where --prometheus would
    // not
    Timed refusedCli =
        commandLine(
            true,
            Integer.getInteger("bench.cliRuns", 7),
            Map.of(SandboxConfigKeys.PROMETHEUS, refusing));
    Timed refusedPlainJar =
        commandLine(
            false,
            Integer.getInteger("bench.cliRuns", 7),
            Map.of(SandboxConfigKeys.PROMETHEUS, refusing));

    Fault h = Fault.HEALTHY;
    // issue 24: a check costs what its questions cost
    BenchReport.atMost(
        SECTION,
        "warm in-process, %d default gates, healthy (median of %d)"
            .formatted(gates.size(), warm.get(h).millis().size()),
        warm.get(h).median(),
        15,
        "%.1f ms",
        "<= 15 ms");
    double cold = cli.get(h).median();
    BenchReport.row(
        SECTION,
        "CLI cold JVM through the launcher `target/maestro-cutover gates`, healthy (median of %d; class-data archive %s)"
            .formatted(
                cli.get(h).millis().size(), Files.isRegularFile(archive()) ? "present" : "MISSING"),
        BenchReport.ms(cold),
        "< 600 ms",
        cold < 600 ? BenchReport.Status.MET : BenchReport.Status.MISSED);
    breakdown("launcher", cli.get(h));
    BenchReport.info(
        SECTION,
        "CLI cold JVM plain `java -jar maestro-cutover.jar gates`, healthy (median of %d)"
            .formatted(plainJar.get(h).millis().size()),
        BenchReport.ms(plainJar.get(h).median()));
    breakdown("plain java -jar", plainJar.get(h));
    BenchReport.info(
        SECTION,
        "runbook script as written, healthy (median of %d)"
            .formatted(asWritten.get(h).millis().size()),
        BenchReport.ms(asWritten.get(h).median()));
    BenchReport.info(
        SECTION,
        "runbook script, curl globoff, healthy (median of %d)"
            .formatted(globoff.get(h).millis().size()),
        BenchReport.ms(globoff.get(h).median()));
    double ratio = asWritten.get(h).median() / warm.get(h).median();
    BenchReport.row(
        SECTION,
        "speed-up warm vs script as written (script / warm)",
        String.format(Locale.ROOT, "%.1fx", ratio),
        ">= 5x",
        ratio >= 5 ? BenchReport.Status.MET : BenchReport.Status.MISSED);
    double ratioGloboff = globoff.get(h).median() / warm.get(h).median();
    BenchReport.row(
        SECTION,
        "speed-up warm vs script with globoff (its queries really run)",
        String.format(Locale.ROOT, "%.1fx", ratioGloboff),
        ">= 3x",
        ratioGloboff >= 3 ? BenchReport.Status.MET : BenchReport.Status.MISSED);
    String timeout = BenchReport.ms(rig.environment.prometheus().queryTimeout().toMillis());
    BenchReport.atMost(
        SECTION,
        "prometheus-down, connection refused: in-process, one check (median of %d)"
            .formatted(refusedWarm.millis().size()),
        refusedWarm.median() / 1000,
        2,
        "%.2f s",
        "< 2 s");
    BenchReport.atMost(
        SECTION,
        "prometheus-down, connection refused: CLI cold JVM through the launcher (median of %d)"
            .formatted(refusedCli.millis().size()),
        refusedCli.median() / 1000,
        2,
        "%.2f s",
        "< 2 s");
    BenchReport.atMost(
        SECTION,
        "prometheus-down, connection refused: CLI cold JVM plain `java -jar` (median of %d)"
            .formatted(refusedPlainJar.millis().size()),
        refusedPlainJar.median() / 1000,
        2,
        "%.2f s",
        "< 2 s");
    Timed frozen = warm.get(Fault.PROMETHEUS_DOWN);
    double bound = rig.environment.prometheus().queryTimeout().toMillis() + 1000;
    BenchReport.atMost(
        SECTION,
        "prometheus-down, no answer (sandbox fault: frozen): in-process, one check (median of %d)"
            .formatted(frozen.millis().size()),
        frozen.median() / 1000,
        bound / 1000,
        "%.2f s",
        "<= query timeout %s + 1 s".formatted(timeout));
    BenchReport.info(
        SECTION,
        "prometheus-down, no answer (sandbox fault: frozen): CLI cold JVM through the launcher (median of %d)"
            .formatted(cli.get(Fault.PROMETHEUS_DOWN).millis().size()),
        String.format(
            Locale.ROOT,
            "%.2f s (query timeout %s + JVM start)",
            cli.get(Fault.PROMETHEUS_DOWN).median() / 1000,
            timeout));
    BenchReport.info(
        SECTION,
        "verdict prometheus-down, connection refused: suite in-process (one check)",
        refusedWarm.verdict());
    BenchReport.info(
        SECTION,
        "verdict prometheus-down, connection refused: suite CLI through the launcher (exit code)",
        refusedCli.verdict());
    for (Fault fault : SCENARIOS) {
      String s = fault.scenario();
      BenchReport.info(
          SECTION,
          "verdict " + s + ": suite in-process (one check)",
          warm.get(fault).verdict() + ", " + BenchReport.ms(warm.get(fault).median()));
      BenchReport.info(
          SECTION,
          "verdict " + s + ": suite CLI through the launcher (exit code)",
          cli.get(fault).verdict() + ", " + BenchReport.ms(cli.get(fault).median()));
      BenchReport.info(
          SECTION,
          "verdict " + s + ": suite CLI plain java -jar (exit code)",
          plainJar.get(fault).verdict() + ", " + BenchReport.ms(plainJar.get(fault).median()));
      BenchReport.info(
          SECTION,
          "verdict " + s + ": runbook script as written",
          asWritten.get(fault).verdict() + ", " + BenchReport.ms(asWritten.get(fault).median()));
      BenchReport.info(
          SECTION,
          "verdict " + s + ": runbook script, curl globoff",
          globoff.get(fault).verdict() + ", " + BenchReport.ms(globoff.get(fault).median()));
    }
  }

  private Timed inProcess(GateEvaluator evaluator, List<Gate> gates, int warmups, int runs) {
    VerdictRules.Rules rules = VerdictRules.Rules.from(rig.environment.cadence());
    String verdict = "";
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < warmups + runs; i++) {
      long began = System.nanoTime();
      Instant now = Instant.now();
      List<GateEvaluation> evaluations = evaluator.evaluateAll(gates, now, Baselines.none());
      List<GateVerdict> verdicts =
          evaluations.stream().map(e -> VerdictRules.decide(List.of(e), rules, now)).toList();
      ReleaseVerdict release = VerdictRules.release(verdicts);
      double elapsed = (System.nanoTime() - began) / 1e6;
      if (i >= warmups) millis.add(elapsed);
      verdict = release.verdict() + failing(evaluations);
    }
    return new Timed(millis, verdict);
  }

  private static String failing(List<GateEvaluation> evaluations) {
    String failed =
        evaluations.stream()
            .filter(e -> !e.passed())
            .map(
                e ->
                    e.gate()
                        + " "
                        + e.outcome()
                        + (e.value().isPresent()
                            ? String.format(Locale.ROOT, " %.4g", e.value().getAsDouble())
                            : ""))
            .collect(Collectors.joining(", "));
    return failed.isEmpty() ? " (all pass)" : " (" + failed + ")";
  }

  private Path archive() {
    return launcher.resolveSibling("maestro-cutover.jsa");
  }

  /**
   * {@code runs} cold runs of {@code gates}: through the launcher (the sandbox's overrides as
   * {@code -D} options in {@code JAVA_OPTS}, as a user would give them) or with plain {@code java
   * -D... -jar}; each with {@code -Dmaestro.timings=true} for the laps since main. {@code replaced}
   * configuration overrides take the place of the sandbox's.
   */
  private Timed commandLine(boolean throughLauncher, int runs, Map<String, String> replaced)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("-D" + TIMINGS_PROPERTY + "=true"));
    Map<String, String> overrides = new LinkedHashMap<>(rig.sandbox.configOverrides());
    overrides.putAll(replaced);
    // only what `gates` reads, as a user would pass it: the sandbox's deploy commands (paths with
    // arguments) are not its business, and JAVA_OPTS cannot carry a value with spaces
    overrides.keySet().removeIf(key -> !KeysInUse.GATES.binds(key));
    overrides.forEach((key, value) -> options.add("-Dcutover." + key + "=" + value));
    List<String> command = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    if (throughLauncher) {
      options.stream()
          .filter(o -> o.chars().anyMatch(Character::isWhitespace))
          .findFirst()
          .ifPresent(
              o -> {
                throw new IllegalStateException(
                    "JAVA_OPTS is split at spaces, so the launcher cannot be given " + o);
              });
      env.put("JAVA_OPTS", String.join(" ", options));
      env.put("JAVA_HOME", System.getProperty("java.home"));
      command.add(launcher.toString());
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(options);
      command.addAll(List.of("-jar", jar.toString()));
    }
    command.addAll(List.of("gates", "--config", config.toString(), "--scope", "canary"));
    List<Double> millis = new ArrayList<>();
    List<Map<String, Double>> laps = new ArrayList<>();
    String verdict = "";
    for (int i = 0; i < runs; i++) {
      TimedProcess result = TimedProcess.run(command, env, 120);
      millis.add(result.millis());
      laps.add(laps(result));
      verdict =
          switch (result.exit()) {
            case 0 -> "GREEN";
            case 1 -> "YELLOW";
            case 2 -> "RED";
            default -> "exit " + result.exit() + ": " + lastLine(result.output());
          };
    }
    return new Timed(millis, verdict, laps);
  }

  private static final String TIMINGS_PROPERTY = "maestro.timings";
  private static final String TIMINGS_PREFIX = "timings ms:";

  /**
   * The laps of the run's timings line, and {@code before main} = wall - their total; fails if the
   * line is missing.
   */
  private static Map<String, Double> laps(TimedProcess result) {
    String line =
        result
            .output()
            .lines()
            .filter(l -> l.startsWith(TIMINGS_PREFIX))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the command printed no '%s' line with -D%s=true; its output ended: %s"
                            .formatted(
                                TIMINGS_PREFIX, TIMINGS_PROPERTY, lastLine(result.output()))));
    Map<String, Double> laps = new LinkedHashMap<>();
    for (String pair : line.substring(TIMINGS_PREFIX.length()).trim().split(" ")) {
      String[] nameValue = pair.split("=", 2);
      laps.put(nameValue[0], Double.parseDouble(nameValue[1]));
    }
    laps.put("before main (JVM start, jar)", result.millis() - laps.get("total"));
    return laps;
  }

  private static final Map<String, String> LAP_NAMES =
      Map.of(
          "cli",
          "picocli model and parse",
          "config",
          "configuration load and validation",
          "http_client",
          "HTTP client set-up",
          "queries",
          "queries and verdicts",
          "output",
          "output");

  /**
   * One row per lap: its median over the runs (the medians need not add up to the median wall
   * time).
   */
  private static void breakdown(String how, Timed timed) {
    if (timed.laps().isEmpty()) return;
    List<String> names = new ArrayList<>(List.of("before main (JVM start, jar)"));
    timed.laps().get(0).keySet().stream()
        .filter(n -> !n.equals("total") && !names.contains(n))
        .forEach(names::add);
    for (String name : names) {
      List<Double> values = timed.laps().stream().map(l -> l.getOrDefault(name, 0.0)).toList();
      BenchReport.info(
          SECTION,
          "  %s breakdown: %s (median)".formatted(how, LAP_NAMES.getOrDefault(name, name)),
          BenchReport.ms(BenchReport.median(values)));
    }
  }

  private Timed runbookScript(Fault fault, int runs, boolean globoff)
      throws IOException, InterruptedException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PROMETHEUS_URL", rig.sandbox.endpoints().prometheus().toString().replaceAll("/$", ""));
    if (globoff) env.put("CURL_HOME", globoffHome.toString());
    List<Double> millis = new ArrayList<>();
    String verdict = "";
    for (int i = 0; i < runs; i++) {
      TimedProcess result =
          TimedProcess.run(
              List.of("timeout", Integer.toString(scriptTimeoutSeconds), "bash", script.toString()),
              env,
              scriptTimeoutSeconds + 10);
      millis.add(result.millis());
      // the whole output of the last run, for anyone who wants to see what the script said and why
      Files.writeString(
          outputs.resolve(
              "runbook-script-%s-%s.txt"
                  .formatted(fault.scenario(), globoff ? "globoff" : "as-written")),
          "exit " + result.exit() + "\n" + result.output());
      String printed =
          result
              .output()
              .lines()
              .filter(l -> l.contains("5xx Rate:"))
              .map(String::trim)
              .findFirst()
              .orElse("no 5xx line");
      long syntaxErrors = result.output().lines().filter(l -> l.contains("syntax error")).count();
      verdict =
          switch (result.exit()) {
                case 0 -> "GREEN";
                case 1 ->
                    "RED: "
                        + result
                            .output()
                            .lines()
                            .filter(l -> l.contains("RED:"))
                            .findFirst()
                            .orElse("")
                            .replaceAll(".*RED: ", "");
                case 124 ->
                    "no verdict: hung (curl has no timeout), killed after %d s"
                        .formatted(scriptTimeoutSeconds);
                default -> "exit " + result.exit();
              }
              + " [printed '"
              + printed
              + "'"
              + (syntaxErrors > 0 ? ", %d bc/bash syntax errors".formatted(syntaxErrors) : "")
              + "]";
    }
    return new Timed(millis, verdict);
  }

  /**
   * A loopback port nothing listens on: connecting is refused at once, as with a Prometheus that is
   * not running.
   */
  private static int closedPort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String lastLine(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }
}
