package io.intelgraph.cutover.sandbox.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the reference API's fault scenarios hit: {@code
 * FaultTuning.defaults().withSpike(Duration.ofSeconds(3))}.
 *
 * @param canaryErrorRatio share of canary requests answered with 503 under canary-5xx and
 *     brief-spike (0.3 = 30 %)
 * @param canaryLatency delay added to every canary request under canary-latency and brief-spike
 * @param spikeDuration how long brief-spike hurts after it was activated; afterwards the canary is
 *     healthy
 * @param authRejectRatio share of valid tokens the canary rejects under auth-regression
 * @param serviceTime the healthy API's own answer time on either track, the floor every fault adds
 *     to: zero by default (loopback answers in a few ms); a production API's tens of ms make a rule
 *     relative to a baseline judge the API, not the test machine's scheduling (at a 5 ms p95, 20 %
 *     is one busy millisecond)
 */
public record FaultTuning(
    double canaryErrorRatio,
    Duration canaryLatency,
    Duration spikeDuration,
    double authRejectRatio,
    Duration serviceTime) {

  public FaultTuning {
    requireRatio(canaryErrorRatio, "canaryErrorRatio");
    requireRatio(authRejectRatio, "authRejectRatio");
    Objects.requireNonNull(canaryLatency, "canaryLatency");
    Objects.requireNonNull(spikeDuration, "spikeDuration");
    Objects.requireNonNull(serviceTime, "serviceTime");
    if (serviceTime.isNegative() || serviceTime.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "FaultTuning.serviceTime is %s; expected 0..1s (it blocks a worker thread per request)"
              .formatted(serviceTime));
    }
    if (canaryLatency.isNegative() || canaryLatency.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "FaultTuning.canaryLatency is %s; expected 0..10s (it blocks a worker thread per request)"
              .formatted(canaryLatency));
    }
    if (spikeDuration.isNegative()) {
      throw new IllegalArgumentException(
          "FaultTuning.spikeDuration is %s; expected >= 0".formatted(spikeDuration));
    }
  }

  /**
   * 30 % errors, 600 ms latency, an 8 s spike, 30 % of valid tokens rejected, no service time of
   * its own.
   */
  public static FaultTuning defaults() {
    return new FaultTuning(0.3, Duration.ofMillis(600), Duration.ofSeconds(8), 0.3, Duration.ZERO);
  }

  public FaultTuning withSpike(Duration spike) {
    return new FaultTuning(canaryErrorRatio, canaryLatency, spike, authRejectRatio, serviceTime);
  }

  public FaultTuning withCanaryLatency(Duration latency) {
    return new FaultTuning(canaryErrorRatio, latency, spikeDuration, authRejectRatio, serviceTime);
  }

  public FaultTuning withCanaryErrorRatio(double ratio) {
    return new FaultTuning(ratio, canaryLatency, spikeDuration, authRejectRatio, serviceTime);
  }

  public FaultTuning withServiceTime(Duration time) {
    return new FaultTuning(canaryErrorRatio, canaryLatency, spikeDuration, authRejectRatio, time);
  }

  private static void requireRatio(double value, String name) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          "FaultTuning.%s is %s; expected a ratio 0..1, e.g. 0.3".formatted(name, value));
    }
  }
}
