package io.intelgraph.cutover.gate;

import java.time.Duration;

/** Durations as people write them in a runbook: 15m, 1h30m, 45s, 250ms. */
public final class Durations {
  private Durations() {}

  public static String human(Duration d) {
    if (d.isNegative()) return "-" + human(d.negated());
    if (d.isZero()) return "0s";
    if (d.compareTo(Duration.ofSeconds(1)) < 0) return d.toMillis() + "ms";
    long s = d.getSeconds();
    StringBuilder text = new StringBuilder();
    if (s >= 3600) text.append(s / 3600).append('h');
    if (s % 3600 >= 60) text.append(s % 3600 / 60).append('m');
    if (s % 60 > 0) text.append(s % 60).append('s');
    return text.toString();
  }
}
