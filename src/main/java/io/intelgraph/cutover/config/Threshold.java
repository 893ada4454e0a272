package io.intelgraph.cutover.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit a measured value must satisfy, in base units: {@code Threshold.parse("<= 350ms")} is
 * (AT_MOST, 0.35, SECONDS); {@code "<= 1%"} is (AT_MOST, 0.01, RATIO); {@code "< 1000"} is a count.
 */
public record Threshold(Comparison comparison, double limit, Unit unit) {

  private static final Pattern SYNTAX =
      Pattern.compile("\\s*(<=|>=|<|>)\\s*" + Quantity.SYNTAX_TEXT + "\\s*");

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

  /**
   * Parses "<= 350ms", "<= 1%", "< 1000", ">= 30d" is not supported: durations of days use
   * Duration.
   */
  public static Threshold parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a comparison, a number and a unit, e.g. '<= 350ms', '<= 1%', '< 1000', '<= 0.5 /s', '<= 25 $/h'");
    }
    Quantity limit = Quantity.of(m.group(2), m.group(3));
    return new Threshold(Comparison.bySymbol(m.group(1)), limit.value(), limit.unit());
  }

  /** As people read it: "<= 350 ms". */
  @Override
  public String toString() {
    return comparison.symbol() + " " + unit.format(limit);
  }
}
