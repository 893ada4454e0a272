package io.intelgraph.cutover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks' one output format: a tab-separated line per figure, prefixed {@code BENCH}, that
 * {@code ci/bench} gathers into its table; everything else a benchmark prints is progress.
 *
 * <pre>{@code
 * BenchReport.row("gate evaluation", "warm in-process, healthy (median of 20)", "41.2 ms", "", "");
 * }</pre>
 */
final class BenchReport {

  /** Met, missed, or neither (a figure without a target). */
  enum Status {
    MET,
    MISSED,
    INFO
  }

  private static final PrintStream OUT = System.out;

  private BenchReport() {}

  static void row(String section, String measure, String value, String target, Status status) {
    String line =
        String.join(
            "\t",
            "BENCH",
            section,
            measure,
            value,
            target,
            status == Status.INFO ? "" : status.name().toLowerCase(Locale.ROOT));
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }

  static void info(String section, String measure, String value) {
    row(section, measure, value, "", Status.INFO);
  }

  /** A figure against a ceiling: met when {@code value <= limit}. */
  static void atMost(
      String section, String measure, double value, double limit, String format, String target) {
    row(
        section,
        measure,
        String.format(Locale.ROOT, format, value),
        target,
        value <= limit ? Status.MET : Status.MISSED);
  }

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile (p in 0..100) of a non-empty list. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) throw new IllegalArgumentException("no values to take the p" + p + " of");
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static String ms(double millis) {
    return millis >= 100
        ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
