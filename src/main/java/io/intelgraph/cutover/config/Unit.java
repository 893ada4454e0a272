package io.intelgraph.cutover.config;

/**
 * The unit of a measured value. Values are held in the base unit (seconds, ratio 0..1, count) and
 * only formatted for people, so "350ms" and 0.35 s are the same threshold.
 */
public enum Unit {
  SECONDS,
  RATIO,
  COUNT,
  PER_SECOND,
  DOLLARS_PER_HOUR;

  /** Formats a base-unit value the way the runbook writes it: 350 ms, 1 %, 1000, 0.2 /s, $25/h. */
  public String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return switch (this) {
      case SECONDS -> trim(value * 1000) + " ms";
      case RATIO -> trim(value * 100) + " %";
      case COUNT -> trim(value);
      case PER_SECOND -> trim(value) + " /s";
      case DOLLARS_PER_HOUR -> "$" + trim(value) + "/h";
    };
  }

  private static String trim(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return TRAILING_ZEROS
        .matcher(String.format(java.util.Locale.ROOT, "%.4g", value))
        .replaceAll("");
  }

  /** Compiled once: a gate's value is formatted at every evaluation (replay: every step). */
  private static final java.util.regex.Pattern TRAILING_ZEROS =
      java.util.regex.Pattern.compile("\\.?0+$");
}
