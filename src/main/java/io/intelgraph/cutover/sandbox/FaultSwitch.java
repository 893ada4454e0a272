package io.intelgraph.cutover.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The sandbox's current fault scenario, shared by every stand-in that reacts to one. Thread-safe:
 * the load generator, request handlers and tests read and switch it concurrently.
 */
public final class FaultSwitch {

  /** What is active and since when, read atomically as one value. */
  public record Active(Fault fault, Instant since) {}

  private final Clock clock;
  private volatile Active active;

  public FaultSwitch(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.active = new Active(Fault.HEALTHY, clock.instant());
  }

  public FaultSwitch() {
    this(Clock.systemUTC());
  }

  public void activate(Fault fault) {
    active = new Active(Objects.requireNonNull(fault, "fault"), clock.instant());
  }

  public Active active() {
    return active;
  }

  public boolean is(Fault fault) {
    return active.fault() == fault;
  }
}
