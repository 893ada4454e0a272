package io.intelgraph.cutover.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit a measured value must satisfy, in base units: {@code Threshold.parse("<= 350ms")} is
 * (AT_MOST, 0.35, SECONDS); {@code "<= 1%"} is (AT_MOST, 0.01, RATIO); {@code "< 1000"} is a count.
 */
public record Threshold(Comparison comparison, double limit, Unit unit) {

  private static final Pattern SYNTAX = Pattern.compile(
      "\\s*(<=|>=|<|>)\\s*(-?[0-9][0-9_,]*(?:\\.[0-9]+)?)\\s*(ms|s|m|%|/s|\\$/h|usd/h)?\\s*");

  public Threshold {
    if (comparison == null) throw new IllegalArgumentException("threshold comparison is required");
    if (unit == null) throw new IllegalArgumentException("threshold unit is required");
    if (Double.isNaN(limit) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("threshold limit must be a finite number, got " + limit);
    }
  }

  /** True when the value satisfies the threshold; NaN never does. */
  public boolean isMetBy(double value) {
    return comparison.holds(value, limit);
  }

  /** Parses "<= 350ms", "<= 1%", "< 1000", ">= 30d" is not supported: durations of days use Duration. */
  public static Threshold parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a comparison, a number and a unit, e.g. '<= 350ms', '<= 1%', '< 1000', '<= 0.5 /s', '<= 25 $/h'");
    }
    Comparison comparison = Comparison.bySymbol(m.group(1));
    double number = Double.parseDouble(m.group(2).replace("_", "").replace(",", ""));
    String unit = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> new Threshold(comparison, number / 1000.0, Unit.SECONDS);
      case "s" -> new Threshold(comparison, number, Unit.SECONDS);
      case "m" -> new Threshold(comparison, number * 60, Unit.SECONDS);
      case "%" -> new Threshold(comparison, number / 100.0, Unit.RATIO);
      case "/s" -> new Threshold(comparison, number, Unit.PER_SECOND);
      case "$/h", "usd/h" -> new Threshold(comparison, number, Unit.DOLLARS_PER_HOUR);
      default -> new Threshold(comparison, number, Unit.COUNT);
    };
  }

  /** As people read it: "<= 350 ms". */
  @Override
  public String toString() {
    return comparison.symbol() + " " + unit.format(limit);
  }
}
