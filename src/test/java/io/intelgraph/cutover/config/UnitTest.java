package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unit.format writes what String.format writes, on the path every evaluation takes, with the zeros
 * of the fraction (never those of a whole number) taken off.
 */
class UnitTest {

  /** The Formatter's text, then the fraction's trailing zeros (and a dot left alone) off. */
  private static String asBefore(double value) {
    return String.format(Locale.ROOT, "%.4g", value)
        .replaceAll("(\\.\\d*?)0+(?=$|e)", "$1")
        .replaceAll("\\.(?=$|e)", "");
  }

  @ParameterizedTest
  @CsvSource({
    "0.35, 350 ms",
    "0.2504, 250.4 ms",
    "0.012345, 12.35 ms", // half up on the decimal digits
    "0.0000001, 0.0001 ms",
    "123.4567, 1.235e+05 ms",
    "1.0004, 1000 ms", // four digits of a thousand: "1000", never "1"
    "10.0004, 1e+04 ms"
  })
  void formatsSecondsAsTheRunbookWritesThem(double seconds, String expected) {
    assertThat(Unit.SECONDS.format(seconds)).isEqualTo(expected);
  }

  @Test
  void writesWhatTheFormatterWroteForValuesOfEveryMagnitude() {
    SplittableRandom random = new SplittableRandom(24);
    for (int i = 0; i < 200_000; i++) {
      double value;
      switch (i % 4) {
        case 0 -> value = random.nextDouble() * Math.pow(10, random.nextInt(-7, 9));
        // few digits, so half-way cases (…5 in the 5th significant digit) come up often
        case 1 -> value = random.nextInt(1, 1_000_000) / Math.pow(10, random.nextInt(0, 10));
        case 2 ->
            value = (random.nextInt(1, 100_000) * 10 + 5) / Math.pow(10, random.nextInt(1, 9));
        default -> value = -random.nextDouble() * Math.pow(10, random.nextInt(-5, 6));
      }
      if (value == Math.rint(value)) continue; // whole numbers never reach the formatter
      String expected = asBefore(value);
      assertThat(Unit.COUNT.format(value))
          .as("format(%s)", Double.toString(value))
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1.500, 1.5",
    "2.000, 2",
    "1000, 1000",
    "10.00, 10",
    "100.0, 100",
    "1.000e+10, 1e+10",
    "1.200e-05, 1.2e-05",
    "0.0001000, 0.0001",
    "7, 7"
  })
  void stripsOnlyTheZerosOfTheFraction(String text, String expected) {
    assertThat(Unit.stripZeros(text)).isEqualTo(expected);
  }
}
