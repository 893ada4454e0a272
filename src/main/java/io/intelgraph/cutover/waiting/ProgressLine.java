package io.intelgraph.cutover.waiting;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Prints where a long wait stands at a steady pace, so a person following the CI log always knows
 * what the cutover is waiting for: {@code [cutover] canary rollout: 12 s of 30 s; 1/2 ready}. Only
 * prints when at least {@code every} has passed since the last line.
 */
public final class ProgressLine {

  private final String alias;
  private final Duration limit;
  private final Duration every;
  private final Supplier<String> status;
  private final PrintStream out;
  private final long startNanos;
  private long lastPrintedNanos;

  public ProgressLine(
      String alias, Duration limit, Duration every, Supplier<String> status, PrintStream out) {
    this.alias = Objects.requireNonNull(alias, "alias");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.every = Objects.requireNonNull(every, "every");
    this.status = Objects.requireNonNull(status, "status");
    this.out = Objects.requireNonNull(out, "out");
    this.startNanos = System.nanoTime();
    this.lastPrintedNanos = startNanos;
  }

  /** Prints a line if it is time to; call it from the wait's poll. */
  public synchronized void tick() {
    long now = System.nanoTime();
    if (now - lastPrintedNanos >= every.toNanos()) {
      lastPrintedNanos = now;
      out.println(line(Duration.ofNanos(now - startNanos)));
    }
  }

  String line(Duration elapsed) {
    String current;
    try {
      current = status.get();
    } catch (RuntimeException e) {
      current = "status unavailable: " + e.getMessage();
    }
    return "[cutover] %s: %d s of %d s%s"
        .formatted(
            alias,
            elapsed.toSeconds(),
            limit.toSeconds(),
            current == null || current.isBlank() ? "" : "; " + current);
  }
}
