package io.intelgraph.cutover.sandbox.api;

import java.util.Objects;
import java.util.Random;

/**
 * Picks the track for one request or WebSocket connection by the current canary weight. The weight
 * is read on every pick; if the weight source fails or answers out of range, the last good weight
 * is kept (a broken annotation reader must not take the API down), and the failure is counted.
 */
final class WeightedRouter {

  private final TrafficWeights weights;
  private final Random random;
  private volatile int lastGoodWeight;
  private volatile long weightFailures;

  WeightedRouter(TrafficWeights weights, Random random) {
    this.weights = Objects.requireNonNull(weights, "weights");
    this.random = Objects.requireNonNull(random, "random");
  }

  Track pick() {
    int canary = currentWeight();
    int roll;
    synchronized (random) {
      roll = random.nextInt(100);
    }
    return roll < canary ? Track.CANARY : Track.STABLE;
  }

  private int currentWeight() {
    try {
      lastGoodWeight =
          TrafficWeights.requireValid(weights.canaryPercent(), "traffic weights " + weights);
    } catch (RuntimeException keepLastGood) {
      weightFailures++; // counted for diagnostics; the last good weight stays in force
    }
    return lastGoodWeight;
  }

  long weightFailures() {
    return weightFailures;
  }
}
