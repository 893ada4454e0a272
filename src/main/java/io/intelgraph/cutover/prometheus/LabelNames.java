package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The label names on the series a selector matches within a time range, as Prometheus's label names
 * API answers them ({@code GET /api/v1/labels?match[]=...&start=...&end=...},
 * https://prometheus.io/docs/prometheus/latest/querying/api/#getting-label-names): empty when no
 * series matched in the range. What proves that a label a gate matches on exists at all.
 *
 * <pre>{@code
 * LabelNames names = prometheus.labelNames("http_requests_total", from, to);
 * names.matchedSeries(); // false: no such series in [from, to]
 * names.names();         // [__name__, method, route, status]
 * }</pre>
 *
 * @param match the {@code match[]} selector as sent
 * @param names the label names, {@code __name__} included, sorted
 * @param rawJson the answer as received, for the evidence
 */
public record LabelNames(String match, SortedSet<String> names, String rawJson) {

  public LabelNames {
    Objects.requireNonNull(match);
    names = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(names));
    Objects.requireNonNull(rawJson);
  }

  /** Whether any series matched: every series has a name, so no label at all means none. */
  public boolean matchedSeries() {
    return !names.isEmpty();
  }

  /**
   * {@code {method, route, status}}: the labels other than the metric name, as a person reads them.
   */
  public String describe() {
    List<String> shown = new ArrayList<>(names);
    shown.remove("__name__");
    return "{" + String.join(", ", shown) + "}";
  }

  /** What is asked, named in errors and evidence like a query. */
  static String request(String match) {
    return "GET /api/v1/labels?match[]=" + match;
  }

  /**
   * Parses the answer strictly: a shape the API does not promise is a BAD_RESPONSE naming the
   * request.
   */
  static LabelNames parse(String match, int httpStatus, String body) {
    String request = request(match);
    JsonNode root;
    try {
      root = JsonMappers.JSON.readTree(body);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null
        || !root.isObject()
        || httpStatus / 100 != 2
        || !"success".equals(root.path("status").asString(""))) {
      PromQlException.Kind kind =
          root != null && "error".equals(root.path("status").asString(""))
              ? PromQlException.Kind.QUERY_ERROR
              : httpStatus / 100 != 2
                  ? PromQlException.Kind.HTTP_STATUS
                  : PromQlException.Kind.BAD_RESPONSE;
      throw new PromQlException(
          kind,
          request,
          httpStatus,
          body,
          "Prometheus answered %s with HTTP %d: %s"
              .formatted(request, httpStatus, Excerpts.of(body)),
          null);
    }
    JsonNode data = root.path("data");
    if (!data.isArray()) {
      throw new PromQlException(
          PromQlException.Kind.BAD_RESPONSE,
          request,
          httpStatus,
          body,
          "malformed answer from Prometheus to %s: `data` is missing or not an array of label names: %s"
              .formatted(request, Excerpts.of(body)),
          null);
    }
    SortedSet<String> names = new TreeSet<>();
    for (JsonNode name : data) {
      if (!name.isString() || name.asString().isEmpty()) {
        throw new PromQlException(
            PromQlException.Kind.BAD_RESPONSE,
            request,
            httpStatus,
            body,
            "malformed answer from Prometheus to %s: `data` holds %s, not a label name"
                .formatted(request, name),
            null);
      }
      names.add(name.asString());
    }
    return new LabelNames(match, names, body);
  }
}
