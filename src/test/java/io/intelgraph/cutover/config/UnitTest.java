package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit.format writes what String.format wrote before it, on the path every evaluation takes. */
class UnitTest {

  /** The formatting as it was: the Formatter, then the trailing zeros off by a regex. */
  private static String asBefore(double value) {
    return String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
  }

  @ParameterizedTest
  @CsvSource({
    "0.35, 350 ms",
    "0.2504, 250.4 ms",
    "0.012345, 12.35 ms", // half up on the decimal digits
    "0.0000001, 0.0001 ms",
    "123.4567, 1.235e+05 ms"
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

  @Test
  void stripsZerosAsTheRegexDid() {
    for (String text :
        new String[] {
          "1.500", "2.000", "1000", "10.00", "100.0", "1.000e+10", "1.000e-05", "0.0001000", "7"
        }) {
      assertThat(Unit.stripZeros(text)).as(text).isEqualTo(text.replaceAll("\\.?0+$", ""));
    }
  }
}
