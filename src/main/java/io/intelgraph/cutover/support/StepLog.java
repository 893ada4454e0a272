package io.intelgraph.cutover.support;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every step of one experiment or drill with its time, in order: the evidence a person reads to see
 * what the suite did to the cluster or a scratch server.
 */
public final class StepLog {

  private final Clock clock;
  private final List<String> steps = new ArrayList<>();

  public StepLog(Clock clock) {
    this.clock = clock;
  }

  /** Records {@code step} at the current time and returns that time. */
  public synchronized Instant step(String step) {
    Instant now = clock.instant();
    steps.add(now + "  " + step);
    return now;
  }

  public synchronized List<String> steps() {
    return List.copyOf(steps);
  }

  public synchronized String describe() {
    return String.join("\n", steps);
  }
}
