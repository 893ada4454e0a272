package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.gate.ScenarioData.Phase;
import io.intelgraph.cutover.gate.ScenarioData.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The canary's story in the integration tests, one phase after another, and the times to check
 * each. Offsets leave a rate window of clean data before every check.
 */
public final class Scenarios {
  public static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  public static final Duration SCRAPE = Duration.ofSeconds(15);

  public static final Instant HEALTHY_1 = at(30);
  public static final Instant HEALTHY_2 = at(45);

  /** 3 minutes of 20 % 5xx end at 63m: a 5-minute window sees about 12 %. */
  public static final Instant SPIKE = at(63);

  public static final Instant AFTER_SPIKE = at(78);

  /** 5 % 5xx from 92m to 150m. */
  public static final Instant SUSTAINED_1 = at(105);

  public static final Instant SUSTAINED_2 = at(120);

  /** 10 % 401 from 150m to 180m. */
  public static final Instant AUTH_REGRESSION = at(165);

  /** Canary series exported, no requests, 180m to 195m: 0/0. */
  public static final Instant NO_TRAFFIC = at(190);

  /**
   * The canary stops reporting at 210m; 2m15s later its newest sample is older than max_staleness
   * 2m.
   */
  public static final Instant STALE = at(212);

  /** 15 minutes after the canary vanished: nothing in the window at all. */
  public static final Instant GONE = at(225);

  /** Before any data. */
  public static final Instant BEFORE_DATA = START.minus(Duration.ofHours(1));

  private Scenarios() {}

  static Instant at(long minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  public static ScenarioData standard() {
    return new ScenarioData(
        START,
        Duration.ofMinutes(240),
        SCRAPE,
        List.of(
            new Segment(Duration.ZERO, Phase.HEALTHY),
            new Segment(Duration.ofMinutes(60), Phase.SPIKE_5XX),
            new Segment(Duration.ofMinutes(63), Phase.HEALTHY),
            new Segment(Duration.ofMinutes(92), Phase.SUSTAINED_5XX),
            new Segment(Duration.ofMinutes(150), Phase.AUTH_REGRESSION),
            new Segment(Duration.ofMinutes(180), Phase.NO_TRAFFIC),
            new Segment(Duration.ofMinutes(195), Phase.HEALTHY),
            new Segment(Duration.ofMinutes(210), Phase.GONE)));
  }

  /** Healthy all along, for benchmarks. */
  public static ScenarioData healthy(Instant start, Duration length) {
    return new ScenarioData(
        start, length, SCRAPE, List.of(new Segment(Duration.ZERO, Phase.HEALTHY)));
  }
}
