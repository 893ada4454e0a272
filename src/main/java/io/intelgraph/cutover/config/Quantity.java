package io.intelgraph.cutover.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with the unit the runbook writes it in, held in base units: {@code
 * Quantity.parse("20ms")} is (0.02, SECONDS), {@code "0.5%"} is (0.005, RATIO), {@code "1000"} is a
 * count. Thresholds and the canary-vs-stable comparison's {@code min_difference} are written this
 * way.
 */
public record Quantity(double value, Unit unit) {

  static final String SYNTAX_TEXT = "(-?[0-9][0-9_,]*(?:\\.[0-9]+)?)\\s*(ms|s|m|%|/s|\\$/h|usd/h)?";
  private static final Pattern SYNTAX = Pattern.compile("\\s*" + SYNTAX_TEXT + "\\s*");

  public Quantity {
    if (unit == null) throw new IllegalArgumentException("unit is required");
    if (Double.isNaN(value) || Double.isInfinite(value))
      throw new IllegalArgumentException("must be a finite number, got " + value);
  }

  /** Parses "20ms", "1.5s", "0.5%", "0.2 /s", "25 $/h" or a plain count. */
  public static Quantity parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a number and a unit, e.g. '20ms', '0.5%', '1000', '0.2 /s', '25 $/h'");
    }
    return of(m.group(1), m.group(2));
  }

  static Quantity of(String number, String unitText) {
    double n = Double.parseDouble(number.replace("_", "").replace(",", ""));
    String unit = unitText == null ? "" : unitText.toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> new Quantity(n / 1000.0, Unit.SECONDS);
      case "s" -> new Quantity(n, Unit.SECONDS);
      case "m" -> new Quantity(n * 60, Unit.SECONDS);
      case "%" -> new Quantity(n / 100.0, Unit.RATIO);
      case "/s" -> new Quantity(n, Unit.PER_SECOND);
      case "$/h", "usd/h" -> new Quantity(n, Unit.DOLLARS_PER_HOUR);
      default -> new Quantity(n, Unit.COUNT);
    };
  }

  /** As people read it: "20 ms". */
  @Override
  public String toString() {
    return unit.format(value);
  }
}
