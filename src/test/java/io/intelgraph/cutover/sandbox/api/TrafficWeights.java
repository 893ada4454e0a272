package io.intelgraph.cutover.sandbox.api;

/**
 * Where the share of traffic for the canary comes from, read on every routing decision so a ramp
 * moves traffic immediately. In the sandbox it is backed by the ingress annotation; in tests by
 * {@link #fixed(int)}: {@code ReferenceApi.Options.defaults(iss, jwks, TrafficWeights.fixed(10),
 * faults)}.
 */
@FunctionalInterface
public interface TrafficWeights {

  /** The canary's share of new requests and WebSocket connections, in percent, 0..100. */
  int canaryPercent();

  /** A constant weight. */
  static TrafficWeights fixed(int canaryPercent) {
    requireValid(canaryPercent, "TrafficWeights.fixed");
    return new Fixed(canaryPercent);
  }

  /** Checks a weight read from anywhere; the message names the source and the fix. */
  static int requireValid(int canaryPercent, String source) {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException(
          "%s: canary weight is %d; expected a percentage between 0 and 100"
              .formatted(source, canaryPercent));
    }
    return canaryPercent;
  }

  /** A constant weight, printable in reports. */
  record Fixed(int canaryPercent) implements TrafficWeights {
    public Fixed {
      requireValid(canaryPercent, "TrafficWeights.Fixed");
    }
  }
}
