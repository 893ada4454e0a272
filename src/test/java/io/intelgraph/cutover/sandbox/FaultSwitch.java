package io.intelgraph.cutover.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sandbox's current fault scenario, shared by every stand-in that reacts to one. Thread-safe:
 * the load generator, request handlers and tests read and switch it concurrently.
 */
public final class FaultSwitch {

  /** What is active and since when, read atomically as one value. */
  public record Active(Fault fault, Instant since) {}

  /** A registered listener; closing it stops further notifications. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final List<Consumer<Active>> listeners = new CopyOnWriteArrayList<>();

  private final Clock clock;
  private volatile Active active;

  public FaultSwitch(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.active = new Active(Fault.HEALTHY, clock.instant());
  }

  public FaultSwitch() {
    this(Clock.systemUTC());
  }

  /**
   * Switches the scenario and tells every listener synchronously, so that when this returns the
   * fault is in force (e.g. Prometheus already paused). A listener's exception reaches the caller.
   */
  public synchronized void activate(Fault fault) {
    Active next = new Active(Objects.requireNonNull(fault, "fault"), clock.instant());
    active = next;
    for (Consumer<Active> listener : listeners) {
      listener.accept(next);
    }
  }

  /**
   * Calls {@code listener} on every later {@link #activate}, for faults a component must act on.
   */
  public Subscription onChange(Consumer<Active> listener) {
    Consumer<Active> registered = Objects.requireNonNull(listener, "listener");
    listeners.add(registered);
    return () -> listeners.remove(registered);
  }

  public Active active() {
    return active;
  }

  public boolean is(Fault fault) {
    return active.fault() == fault;
  }
}
