package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.RangeMatrix;
import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one question produced for one evaluation time: a sample, nothing (empty), or an error. Live
 * evaluation and replay both reduce to this, so they share one {@link OutcomeClassifier}. A
 * question of a gate with {@code group_by} answers one sample per group instead ({@code groups},
 * keyed like {@code route="/graphql"}), and {@code sample} is empty.
 */
record Answer(
    Evidence evidence,
    Optional<Sample> sample,
    Optional<PromQlException> error,
    Map<String, Sample> groups) {

  Answer {
    groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  Answer(Evidence evidence, Optional<Sample> sample, Optional<PromQlException> error) {
    this(evidence, sample, error, Map.of());
  }

  static Answer of(String role, QueryResult result) {
    try {
      return new Answer(
          new Evidence(role, result.query(), result.rawJson()),
          result.singleSample(),
          Optional.empty());
    } catch (PromQlException e) {
      return failed(role, e.query(), e, result.rawJson());
    }
  }

  /**
   * An instant answer with one series per group of {@code groupBy} (none for an ungrouped gate: as
   * {@link #of}).
   */
  static Answer of(String role, QueryResult result, List<String> groupBy) {
    if (groupBy.isEmpty()) return of(role, result);
    Evidence evidence = new Evidence(role, result.query(), result.rawJson());
    if (result.resultType() == io.intelgraph.cutover.prometheus.ResultType.MATRIX) {
      return failed(
          role,
          result.query(),
          PromQlException.badResponse(
              result.query(),
              "expected an instant vector for '%s', got a range (matrix) answer"
                  .formatted(result.query())),
          result.rawJson());
    }
    try {
      Map<String, Sample> groups = new LinkedHashMap<>();
      for (Series series : result.series()) {
        groups(
            result.query(),
            series.labels(),
            series::labelText,
            series.samples().get(0),
            groupBy,
            groups);
      }
      return new Answer(evidence, Optional.empty(), Optional.empty(), groups);
    } catch (PromQlException e) {
      return failed(role, result.query(), e, result.rawJson());
    }
  }

  /**
   * The samples stamped {@code at} (epoch ms) in a range answer's series, one per group of {@code
   * groupBy} (replay's cut of one step), with each group's pair as evidence: {@code
   * {route="/graphql"} [1714000000.000,"0.42"]; ...}.
   */
  static Answer at(
      String role, String query, List<RangeMatrix.Columns> series, long at, List<String> groupBy) {
    try {
      Map<String, Sample> groups = new LinkedHashMap<>();
      StringBuilder raw = new StringBuilder();
      for (RangeMatrix.Columns one : series) {
        int i = one.indexOf(at);
        if (i < 0) continue;
        groups(query, one.labels(), one::labelText, one.sample(i), groupBy, groups);
        if (raw.length() > 0) raw.append("; ");
        Replay.appendPair(raw.append(one.labelText()).append(' '), one.millis(i), one.value(i));
      }
      return new Answer(
          new Evidence(role, query, raw.length() == 0 ? "[]" : raw.toString()),
          Optional.empty(),
          Optional.empty(),
          groups);
    } catch (PromQlException e) {
      return failed(role, query, e, "");
    }
  }

  static Answer failed(String role, String query, PromQlException e, String raw) {
    return new Answer(
        new Evidence(role, query, raw.isEmpty() ? e.getMessage() : raw),
        Optional.empty(),
        Optional.of(e));
  }

  /**
   * {@code route="/graphql"}, or {@code route="/graphql",tenant="a"}: the labels in group_by order.
   */
  static String key(Map<String, String> labels, List<String> groupBy) {
    StringBuilder key = new StringBuilder();
    for (String label : groupBy) {
      if (key.length() > 0) key.append(',');
      key.append(label).append("=\"").append(labels.get(label)).append('"');
    }
    return key.toString();
  }

  /**
   * Adds {@code series}'s sample under its group; a series without a group_by label, or a second
   * series of one group, means the query does not aggregate by {@code {{group_by}}}.
   */
  private static void groups(
      String query,
      Map<String, String> labels,
      Supplier<String> labelText,
      Sample sample,
      List<String> groupBy,
      Map<String, Sample> groups) {
    for (String label : groupBy) {
      if (!labels.containsKey(label)) {
        throw PromQlException.badResponse(
            query,
            "series %s of '%s' has no label %s, so its group is unknown; aggregate the query by ({{group_by}}) and check that the series carry %s"
                .formatted(labelText.get(), query, label, label));
      }
    }
    String key = key(labels, groupBy);
    if (groups.putIfAbsent(key, sample) != null) {
      throw PromQlException.badResponse(
          query,
          "'%s' answered more than one series for the group %s (e.g. %s); aggregate it by exactly ({{group_by}}) so it yields one value per group"
              .formatted(query, key, labelText.get()));
    }
  }
}
