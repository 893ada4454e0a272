package io.intelgraph.cutover.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A successful, strictly parsed answer: what was asked ({@code query}, {@code time} or the range),
 * what came back (typed {@code series}) and the raw JSON text for the evidence.
 *
 * <pre>{@code
 * Optional<Sample> p95 = client.query(promql, at).singleSample(); // empty vector: Optional.empty()
 * }</pre>
 *
 * @param query the PromQL as sent
 * @param evaluatedAt the instant query's {@code time}, or the range's start
 * @param resultType vector, scalar, matrix (a string answer is accepted but has no series)
 * @param series the labelled series; a scalar is one series without labels
 * @param warnings the API's warnings, if any
 * @param rawJson the body exactly as received
 */
public record QueryResult(
    String query,
    Instant evaluatedAt,
    ResultType resultType,
    List<Series> series,
    List<String> warnings,
    String rawJson) {

  public QueryResult {
    Objects.requireNonNull(query);
    Objects.requireNonNull(evaluatedAt);
    Objects.requireNonNull(resultType);
    series = List.copyOf(series);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(rawJson);
  }

  public boolean isEmpty() {
    return series.isEmpty();
  }

  /**
   * The one sample of an instant answer that must have at most one series: empty when the vector is
   * empty; a {@link PromQlException.Kind#BAD_RESPONSE} naming the series when there are several,
   * because picking one of them (as {@code result[0]} does) would judge an arbitrary series.
   */
  public Optional<Sample> singleSample() {
    if (resultType == ResultType.MATRIX) {
      throw PromQlException.of(
          PromQlException.Kind.BAD_RESPONSE,
          query,
          "expected an instant vector or scalar for '%s', got a range (matrix) answer"
              .formatted(query));
    }
    if (series.isEmpty()) return Optional.empty();
    if (series.size() > 1) {
      throw PromQlException.of(PromQlException.Kind.BAD_RESPONSE, query, tooMany());
    }
    return Optional.of(series.get(0).samples().get(0));
  }

  /**
   * The one series of a range answer (empty when nothing came back); several are a BAD_RESPONSE.
   */
  public Optional<Series> singleSeries() {
    if (series.isEmpty()) return Optional.empty();
    if (series.size() > 1) {
      throw PromQlException.of(PromQlException.Kind.BAD_RESPONSE, query, tooMany());
    }
    return Optional.of(series.get(0));
  }

  private String tooMany() {
    return tooMany(query, series.stream().map(Series::labelText).toList());
  }

  /** Why an answer with several series (their {@code labels}) cannot be one value. */
  static String tooMany(String query, List<String> labels) {
    return "expected at most one series for '%s', got %d: %s; aggregate the query (e.g. sum or max) so it yields one value"
        .formatted(
            query, labels.size(), labels.stream().limit(5).collect(Collectors.joining(", ")));
  }
}
