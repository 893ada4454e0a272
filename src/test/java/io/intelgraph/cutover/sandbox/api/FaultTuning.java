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
 */
public record FaultTuning(
    double canaryErrorRatio,
    Duration canaryLatency,
    Duration spikeDuration,
    double authRejectRatio) {

  public FaultTuning {
    requireRatio(canaryErrorRatio, "canaryErrorRatio");
    requireRatio(authRejectRatio, "authRejectRatio");
    Objects.requireNonNull(canaryLatency, "canaryLatency");
    Objects.requireNonNull(spikeDuration, "spikeDuration");
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

  /** 30 % errors, 600 ms latency, an 8 s spike, 30 % of valid tokens rejected. */
  public static FaultTuning defaults() {
    return new FaultTuning(0.3, Duration.ofMillis(600), Duration.ofSeconds(8), 0.3);
  }

  public FaultTuning withSpike(Duration spike) {
    return new FaultTuning(canaryErrorRatio, canaryLatency, spike, authRejectRatio);
  }

  public FaultTuning withCanaryLatency(Duration latency) {
    return new FaultTuning(canaryErrorRatio, latency, spikeDuration, authRejectRatio);
  }

  public FaultTuning withCanaryErrorRatio(double ratio) {
    return new FaultTuning(ratio, canaryLatency, spikeDuration, authRejectRatio);
  }

  private static void requireRatio(double value, String name) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          "FaultTuning.%s is %s; expected a ratio 0..1, e.g. 0.3".formatted(name, value));
    }
  }
}
