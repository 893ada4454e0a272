package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The numbers behind the Kafka metrics stand-in, as a pure function of time and the fault switch.
 * Offsets are integrated rate by rate, splitting an interval where the fault changed, so counters
 * stay monotonic across fault switches. Healthy: lag drifts between 85 and 165 with a ten-minute
 * period, {@code entities} grows 250/s and {@code dlq-entities} 0.05/s (0.02 % of traffic). Under
 * {@link Fault#KAFKA_LAG}: lag grows 500/s from its healthy level (past 1,000 within 2 s) and the
 * DLQ grows 5/s (2 % of traffic). The DLQ grows one message at a time, so the healthy ratio a rate
 * window shows is 0 or one message over the window: 250/s keeps that under the 0.1 % gate for
 * windows down to 4 s (at 100/s one message in an 8 s window read as 0.14 %).
 */
final class KafkaModel {

  static final double ENTITIES_PER_SECOND = 250;
  static final double DLQ_PER_SECOND_HEALTHY = 0.05;
  static final double DLQ_PER_SECOND_LAGGING = 5;
  static final double LAG_GROWTH_PER_SECOND = 500;

  /** One reading. */
  record Reading(long consumerLag, long entitiesOffset, long dlqOffset) {}

  private final Clock clock;
  private final FaultSwitch faults;
  private Instant lastRead;
  private boolean lastLagging;
  private double entities = 1_000_000;
  private double dlq = 200;

  KafkaModel(Clock clock, FaultSwitch faults) {
    this.clock = clock;
    this.faults = faults;
    this.lastRead = clock.instant();
    this.lastLagging = faults.is(Fault.KAFKA_LAG);
  }

  synchronized Reading read() {
    Instant now = clock.instant();
    FaultSwitch.Active active = faults.active();
    boolean lagging = active.fault() == Fault.KAFKA_LAG;
    if (active.since().isAfter(lastRead) && active.since().isBefore(now)) {
      advance(lastRead, active.since(), lastLagging);
      advance(active.since(), now, lagging);
    } else {
      advance(lastRead, now, lagging);
    }
    lastRead = now.isAfter(lastRead) ? now : lastRead;
    lastLagging = lagging;
    double lag = healthyLag(now);
    if (lagging) {
      lag += LAG_GROWTH_PER_SECOND * seconds(active.since(), now);
    }
    return new Reading(Math.round(lag), (long) Math.floor(entities), (long) Math.floor(dlq));
  }

  private void advance(Instant from, Instant to, boolean lagging) {
    double seconds = seconds(from, to);
    entities += ENTITIES_PER_SECOND * seconds;
    dlq += (lagging ? DLQ_PER_SECOND_LAGGING : DLQ_PER_SECOND_HEALTHY) * seconds;
  }

  private static double healthyLag(Instant now) {
    // slow enough that the lag's derivative stays well under the "not growing" gate (max 0.42/s)
    double phase = (now.toEpochMilli() % 600_000) / 600_000.0 * 2 * Math.PI;
    return 125 + 40 * Math.sin(phase);
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
  }
}
