package io.intelgraph.cutover.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

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
    return stripZeros(general4(value));
  }

  /**
   * {@code String.format(Locale.ROOT, "%.4g", value)}, without the Formatter on the common path (a
   * gate's value is formatted at every evaluation, in a replay at every step): the Formatter rounds
   * the digits of {@link Double#toString} to 4 significant digits half up and prints them plain
   * when the rounded decimal exponent is in [-4, 4), which is what this does; other exponents go to
   * the Formatter itself.
   */
  static String general4(double value) {
    BigDecimal rounded = new BigDecimal(Double.toString(Math.abs(value))).round(FOUR_DIGITS);
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (rounded.signum() == 0 || exponent < -4 || exponent >= 4) {
      return String.format(java.util.Locale.ROOT, "%.4g", value);
    }
    String plain = rounded.setScale(3 - exponent, RoundingMode.UNNECESSARY).toPlainString();
    return value < 0 ? "-" + plain : plain;
  }

  private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

  /**
   * Trailing zeros of the fraction off, and its dot when nothing is left of it: "1.500" is "1.5",
   * "1.000e+10" is "1e+10"; the zeros of a whole number stay ("1000" is a thousand, not "1").
   */
  static String stripZeros(String text) {
    int exponent = text.indexOf('e');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    int dot = mantissa.indexOf('.');
    if (dot < 0) return text;
    int end = mantissa.length();
    while (end > dot + 1 && mantissa.charAt(end - 1) == '0') end--;
    if (end == dot + 1) end = dot;
    return mantissa.substring(0, end) + (exponent < 0 ? "" : text.substring(exponent));
  }
}
