package io.intelgraph.cutover.sandbox.api;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Decides, per request and per track, what the active fault scenario does to it. Reads the {@link
 * FaultSwitch} on every call, so switching a fault takes effect on the next request. Only the
 * canary misbehaves, except subscription-drop, which hits realtime delivery everywhere so a golden
 * subscription fails whichever track it landed on, and api-5xx, which fails both tracks so a
 * rollback lands on a stable that does not serve either; route-5xx breaks one route of the canary
 * only.
 */
final class FaultPolicy {

  /**
   * canary-slower: well above stable's few ms, well under the 350 ms p95 and 700 ms p99 thresholds.
   */
  static final Duration SLOWER_LATENCY = Duration.ofMillis(50);

  /**
   * canary-errors-under-slo: a regression from stable's 0 % that stays under the 1 % 5xx threshold.
   */
  static final double ERRORS_UNDER_SLO_RATIO = 0.006;

  /**
   * Every n-th canary request fails rather than a random share: at the sandbox's few hundred
   * requests per window, chance alone would cross 1 % now and then.
   */
  private final java.util.concurrent.atomic.AtomicLong canaryRequests =
      new java.util.concurrent.atomic.AtomicLong();

  private final FaultSwitch faults;
  private final FaultTuning tuning;
  private final Clock clock;
  private final Random random;

  FaultPolicy(FaultSwitch faults, FaultTuning tuning, Clock clock, Random random) {
    this.faults = Objects.requireNonNull(faults, "faults");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * route-5xx: every n-th canary request to the low-volume route fails rather than a random share,
   * so the route's ratio is steady and the track's total stays under the 1 % threshold.
   */
  static final int ROUTE_FAILS_EVERY = 4;

  /** The route that route-5xx breaks: low-volume in the load ({@link LoadGenerator}). */
  static final String BROKEN_ROUTE = TrackMetrics.ROUTE_HEALTH;

  private final java.util.concurrent.atomic.AtomicLong canaryRouteRequests =
      new java.util.concurrent.atomic.AtomicLong();

  /** Whether this request to {@code route} is answered with 503 instead of being served. */
  boolean failWith503(Track track, String route) {
    if (track == Track.CANARY && faults.is(Fault.ROUTE_5XX) && BROKEN_ROUTE.equals(route)) {
      return canaryRouteRequests.incrementAndGet() % ROUTE_FAILS_EVERY == 0;
    }
    return failWith503(track);
  }

  /** Whether this request is answered with 503 instead of being served. */
  boolean failWith503(Track track) {
    if (track == Track.CANARY && faults.is(Fault.CANARY_ERRORS_UNDER_SLO)) {
      return canaryRequests.incrementAndGet() % Math.round(1 / ERRORS_UNDER_SLO_RATIO) == 0;
    }
    return (faults.is(Fault.API_5XX)
            || faults.is(Fault.PAGE_STORM)
            || track == Track.CANARY && (faults.is(Fault.CANARY_5XX) || spiking()))
        && chance(tuning.canaryErrorRatio());
  }

  /**
   * Whether the track is down: it answers nothing but 503, its metrics included (a crash-looping
   * pod behind the service).
   */
  boolean down(Track track) {
    return track == Track.CANARY && faults.is(Fault.CANARY_DOWN);
  }

  /** Latency to add before serving this request (the service time alone when healthy). */
  Duration addedLatency(Track track) {
    return addedLatency(track, Regions.DEFAULT);
  }

  /**
   * The same, for a request served in {@code region}: under apac-latency every APAC request is
   * slow, on either track.
   */
  Duration addedLatency(Track track, String region) {
    return tuning.serviceTime().plus(faultLatency(track, region));
  }

  private Duration faultLatency(Track track, String region) {
    if ((track == Track.CANARY && (faults.is(Fault.CANARY_LATENCY) || spiking()))
        || (faults.is(Fault.APAC_LATENCY) && Regions.APAC.equals(region))) {
      // a little jitter so quantiles do not all land in one bucket
      return tuning.canaryLatency().plusMillis(random.nextInt(50));
    }
    if (track == Track.CANARY && faults.is(Fault.CANARY_SLOWER)) {
      return SLOWER_LATENCY.plusMillis(random.nextInt(20));
    }
    return Duration.ZERO;
  }

  /** Under auth-regression the canary rejects some valid tokens... */
  boolean rejectValidToken(Track track) {
    return track == Track.CANARY
        && faults.is(Fault.AUTH_REGRESSION)
        && chance(tuning.authRejectRatio());
  }

  /** ...and accepts every token it must reject, as long as it parses as a JWT. */
  boolean acceptInvalidToken(Track track) {
    return track == Track.CANARY && faults.is(Fault.AUTH_REGRESSION);
  }

  /** Whether subscription events are silently dropped (connections are still acked). */
  boolean dropSubscriptionEvents() {
    return faults.is(Fault.SUBSCRIPTION_DROP);
  }

  private boolean spiking() {
    FaultSwitch.Active active = faults.active();
    return active.fault() == Fault.BRIEF_SPIKE
        && Duration.between(active.since(), clock.instant()).compareTo(tuning.spikeDuration()) < 0;
  }

  private boolean chance(double ratio) {
    synchronized (random) {
      return random.nextDouble() < ratio;
    }
  }
}
