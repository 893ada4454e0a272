package io.intelgraph.cutover.evidence;

import java.time.Instant;

/**
 * A traffic step of the cutover, drawn as a labelled vertical line on the SLO chart: {@code new
 * RampMark(Instant.parse("2025-09-21T16:20:00Z"), 40)} reads "40 %".
 *
 * @param weightPercent the canary's share of traffic from {@code at} on, 0 to 100
 */
public record RampMark(Instant at, int weightPercent) {
  public RampMark {
    if (at == null)
      throw new IllegalArgumentException("a ramp mark needs the time the weight was set");
    if (weightPercent < 0 || weightPercent > 100) {
      throw new IllegalArgumentException(
          "ramp weight %d is not a percentage; expected 0 to 100".formatted(weightPercent));
    }
  }

  /** The label on the chart, e.g. {@code 40 %}. */
  public String label() {
    return weightPercent + " %";
  }
}
