package io.intelgraph.cutover.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the wall time of one command run goes, for someone tuning the command line's cold start:
 * laps since {@code main} (picocli's model and parse, configuration, HTTP client set-up, queries,
 * output; for {@code replay}: fetch, parse within it, verdicts, output), printed as one line on
 * stderr when {@code -Dmaestro.timings=true}. What happens before {@code main} (JVM start, opening
 * the jar) is the caller's wall time minus {@code total}.
 *
 * <pre>
 * java -Dmaestro.timings=true -jar maestro-cutover.jar gates --config prod.yaml
 * timings ms: cli=41 config=62 http_client=9 queries=118 output=7 total=237
 * </pre>
 *
 * <p>One run at a time per JVM (the command line's case); {@link #start} resets it. Off, it records
 * nothing and prints nothing.
 */
final class StartupTimings {

  /**
   * The system property that turns the line on. Not a {@code cutover.} key: it configures the tool,
   * not the environment.
   */
  static final String PROPERTY = "maestro.timings";

  static final String PREFIX = "timings ms:";

  private static boolean enabled;
  private static long started;
  private static long last;
  private static final Map<String, Long> LAPS = new LinkedHashMap<>();

  private StartupTimings() {}

  /** Begins a run: laps count from here. */
  static synchronized void start() {
    enabled = Boolean.getBoolean(PROPERTY);
    LAPS.clear();
    started = System.nanoTime();
    last = started;
  }

  /** Ends the lap {@code name}: the time since the previous lap (or the start). */
  static synchronized void lap(String name) {
    if (!enabled) return;
    long now = System.nanoTime();
    LAPS.merge(name, now - last, Long::sum);
    last = now;
  }

  /**
   * Records {@code nanos} spent on {@code name} within the current lap, on other threads (replay's
   * {@code parse}, part of its {@code fetch}): printed beside the laps, not one of them.
   */
  static synchronized void within(String name, long nanos) {
    if (!enabled) return;
    LAPS.merge(name, nanos, Long::sum);
  }

  /** Prints the line, if on: each lap in ms, then the total since {@link #start}. */
  static synchronized void print(PrintWriter err) {
    if (!enabled) return;
    StringBuilder line = new StringBuilder(PREFIX);
    LAPS.forEach(
        (name, nanos) -> line.append(' ').append(name).append('=').append(nanos / 1_000_000));
    line.append(" total=").append((System.nanoTime() - started) / 1_000_000);
    err.println(line);
    err.flush();
  }
}
