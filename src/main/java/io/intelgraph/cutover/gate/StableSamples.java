package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.RangeMatrix;
import io.intelgraph.cutover.prometheus.Sample;
import java.util.Optional;

/**
 * One track's per-interval values over the comparison window (a range query at the scrape step), or
 * why there are none. Live evaluation takes a whole range answer; replay cuts its step's window out
 * of a longer one.
 */
record StableSamples(Evidence evidence, double[] values, Optional<PromQlException> error) {

  static StableSamples of(String role, QueryResult result) {
    try {
      double[] values =
          result
              .singleSeries()
              .map(s -> s.samples().stream().mapToDouble(Sample::value).toArray())
              .orElse(new double[0]);
      return new StableSamples(
          new Evidence(role, result.query(), result.rawJson()), values, Optional.empty());
    } catch (PromQlException e) {
      return failed(role, result.query(), e, result.rawJson());
    }
  }

  /**
   * Samples {@code from} (inclusive) to {@code to} (exclusive) of {@code series}: one window, with
   * the pairs as evidence.
   */
  static StableSamples cut(
      String role, String query, RangeMatrix.Columns series, int from, int to) {
    StringBuilder raw = new StringBuilder(2 + 32 * (to - from)).append('[');
    double[] values = new double[to - from];
    for (int i = from; i < to; i++) {
      if (i > from) raw.append(',');
      Replay.appendPair(raw, series.millis(i), series.value(i));
      values[i - from] = series.value(i);
    }
    return new StableSamples(
        new Evidence(role, query, raw.append(']').toString()), values, Optional.empty());
  }

  static StableSamples failed(String role, String query, PromQlException e, String raw) {
    return new StableSamples(
        new Evidence(role, query, raw.isEmpty() ? e.getMessage() : raw),
        new double[0],
        Optional.of(e));
  }
}
