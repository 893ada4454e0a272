package io.intelgraph.cutover.prometheus;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A range answer ({@code /api/v1/query_range}) held as columns: per series its labels, its sample
 * times (epoch milliseconds) and its values in primitive arrays, oldest first. For readers of long
 * ranges (replay): a week at 15 s is 40,000 samples per series, which as {@link Sample} objects
 * cost more to build and walk than to fetch.
 *
 * <pre>{@code
 * RangeMatrix day = client.queryRangeMatrix("up", from, to, Duration.ofSeconds(15));
 * for (RangeMatrix.Columns series : day.series()) {
 *   int i = series.indexOf(at.toEpochMilli());   // -1: no sample stamped at
 *   if (i >= 0) use(series.value(i));
 * }
 * }</pre>
 *
 * @param query the PromQL as sent
 * @param series the labelled series, as Prometheus ordered them
 * @param warnings the API's warnings, if any
 */
public record RangeMatrix(String query, List<Columns> series, List<String> warnings) {

  public RangeMatrix {
    Objects.requireNonNull(query);
    series = List.copyOf(series);
    warnings = List.copyOf(warnings);
  }

  /**
   * A range answer the tree parser read (a body the streaming reader leaves to it): the same
   * series, as columns.
   */
  static RangeMatrix of(QueryResult result) {
    return new RangeMatrix(
        result.query(), result.series().stream().map(Columns::of).toList(), result.warnings());
  }

  /**
   * The one series of the answer (empty when nothing came back); several are a BAD_RESPONSE, as for
   * {@link QueryResult#singleSeries()}.
   */
  public Optional<Columns> singleSeries() {
    if (series.isEmpty()) return Optional.empty();
    if (series.size() > 1) {
      throw PromQlException.of(
          PromQlException.Kind.BAD_RESPONSE,
          query,
          QueryResult.tooMany(query, series.stream().map(Columns::labelText).toList()));
    }
    return Optional.of(series.get(0));
  }

  /**
   * One series: its labels and its samples as two parallel arrays (times strictly ascending, as the
   * parser checked). Read-only: the arrays never leave it.
   */
  public static final class Columns {
    private final Map<String, String> labels;
    private final long[] millis;
    private final double[] values;
    private final int size;

    Columns(Map<String, String> labels, long[] millis, double[] values, int size) {
      this.labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
      this.millis = millis;
      this.values = values;
      this.size = size;
    }

    /** A series read as objects (the tree parser's, a test's), as columns. */
    public static Columns of(Series series) {
      int n = series.samples().size();
      long[] millis = new long[n];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        millis[i] = series.samples().get(i).timestamp().toEpochMilli();
        values[i] = series.samples().get(i).value();
      }
      return new Columns(series.labels(), millis, values, n);
    }

    /**
     * The same samples under {@code labels}: the reader meets the values before it can label them.
     */
    Columns labelled(Map<String, String> labels) {
      return new Columns(labels, millis, values, size);
    }

    /**
     * One series' samples from consecutive range answers (chunks of a range longer than one query
     * may hold), in order; each chunk must start after the previous one ends.
     */
    public static Columns concat(List<Columns> chunks) {
      int total = chunks.stream().mapToInt(Columns::size).sum();
      long[] millis = new long[total];
      double[] values = new double[total];
      int n = 0;
      for (Columns chunk : chunks) {
        if (n > 0 && chunk.size > 0 && chunk.millis[0] <= millis[n - 1]) {
          throw new IllegalArgumentException(
              "range chunks overlap: one starts at %d ms, the previous ends at %d ms"
                  .formatted(chunk.millis[0], millis[n - 1]));
        }
        System.arraycopy(chunk.millis, 0, millis, n, chunk.size);
        System.arraycopy(chunk.values, 0, values, n, chunk.size);
        n += chunk.size;
      }
      return new Columns(chunks.isEmpty() ? Map.of() : chunks.get(0).labels, millis, values, n);
    }

    public Map<String, String> labels() {
      return labels;
    }

    /** How many samples the series has. */
    public int size() {
      return size;
    }

    /** The time of sample {@code i}, epoch milliseconds. */
    public long millis(int i) {
      Objects.checkIndex(i, size);
      return millis[i];
    }

    /** The value of sample {@code i} (NaN and the infinities as Prometheus sent them). */
    public double value(int i) {
      Objects.checkIndex(i, size);
      return values[i];
    }

    /** Sample {@code i} as an object, for a reader that hands one on. */
    public Sample sample(int i) {
      return new Sample(Instant.ofEpochMilli(millis(i)), value(i));
    }

    /**
     * The index of the sample stamped exactly {@code epochMillis}, as range queries stamp each
     * step, or -1.
     */
    public int indexOf(long epochMillis) {
      int found = Arrays.binarySearch(millis, 0, size, epochMillis);
      return found >= 0 ? found : -1;
    }

    /**
     * The index of the first sample stamped at or after {@code epochMillis} ({@link #size()} if
     * none).
     */
    public int firstAtOrAfter(long epochMillis) {
      int found = Arrays.binarySearch(millis, 0, size, epochMillis);
      return found >= 0 ? found : -found - 1;
    }

    /** {@code {track="canary"}} as PromQL prints it. */
    public String labelText() {
      return Series.labelText(labels);
    }
  }
}
