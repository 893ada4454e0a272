package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.sandbox.api.TrafficWeights;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault to inject into a running sandbox, now or once the canary's weight reaches a step: {@code
 * -Dsandbox.fault=canary-5xx@60} turns 5xx on when the ramp moves the canary to 60 %, so a whole
 * run of show can be rehearsed against a bad release.
 *
 * @param atCanaryPercent absent means at once
 */
public record FaultSchedule(Fault fault, OptionalInt atCanaryPercent) {

  /** The system property that names it. */
  public static final String PROPERTY = "sandbox.fault";

  private static final Logger LOG = LoggerFactory.getLogger(FaultSchedule.class);

  /** Parses {@code scenario} or {@code scenario@percent}; the error names the valid forms. */
  public static FaultSchedule parse(String text) {
    String[] parts = text.strip().split("@", 2);
    Fault fault;
    try {
      fault = Fault.byScenario(parts[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-D%s=%s: %s, optionally @<canary percent>, e.g. canary-5xx@60"
              .formatted(PROPERTY, text, e.getMessage()),
          e);
    }
    if (parts.length == 1) return new FaultSchedule(fault, OptionalInt.empty());
    try {
      int percent = Integer.parseInt(parts[1]);
      if (percent < 0 || percent > 100) throw new NumberFormatException();
      return new FaultSchedule(fault, OptionalInt.of(percent));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D%s=%s: '%s' is not a canary percent 0..100, e.g. canary-5xx@60"
              .formatted(PROPERTY, text, parts[1]),
          e);
    }
  }

  /** The schedule given by {@code -Dsandbox.fault}, if any. */
  public static Optional<FaultSchedule> fromSystemProperties() {
    String value = System.getProperty(PROPERTY, "").strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(parse(value));
  }

  /**
   * Activates the fault now, or watches the weight and activates it once; closing stops the watch.
   */
  public AutoCloseable arm(FaultSwitch faults, TrafficWeights weights) {
    if (atCanaryPercent.isEmpty()) {
      LOG.info("sandbox fault {} active from now", fault.scenario());
      faults.activate(fault);
      return () -> {};
    }
    ScheduledExecutorService watch =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-fault-schedule");
              thread.setDaemon(true);
              return thread;
            });
    watch.scheduleWithFixedDelay(
        () -> {
          if (weights.canaryPercent() >= atCanaryPercent.getAsInt()) {
            LOG.info(
                "canary reached {} %: sandbox fault {} active from now",
                atCanaryPercent.getAsInt(), fault.scenario());
            faults.activate(fault);
            watch.shutdown();
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    return watch::shutdownNow;
  }
}
