package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.support.JsonMappers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One series of a Prometheus range query ({@code /api/v1/query_range}): its labels and its points.
 * {@link #parse} is strict: anything but a successful matrix answer is refused with the path of the
 * bad element, since a chart drawn from a misread answer would be false evidence.
 *
 * <pre>{@code
 * List<RangeSeries> p95 = RangeSeries.parse("API p95", answerJson);
 * }</pre>
 *
 * @param labels the series' labels ({@code metric}); empty for an aggregate over everything
 * @param points the samples in time order; {@code NaN} samples (no data in that step) are dropped
 */
public record RangeSeries(Map<String, String> labels, List<Point> points) {

  /** One sample. */
  public record Point(Instant at, double value) {}

  public RangeSeries {
    labels = Map.copyOf(labels);
    points = List.copyOf(points);
  }

  /**
   * A short name for a legend: the label values, e.g. {@code canary}, or {@code all} without
   * labels.
   */
  public String name() {
    if (labels.isEmpty()) return "all";
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(e -> !e.getKey().equals("__name__"))
        .map(Map.Entry::getValue)
        .collect(Collectors.joining(" "));
  }

  /**
   * Parses a {@code query_range} answer.
   *
   * @param what what was asked, for the error message, e.g. {@code API p95}
   * @throws EvidenceException naming the bad element if the answer is not a successful matrix
   */
  public static List<RangeSeries> parse(String what, String json) {
    JsonNode root;
    try {
      root = JsonMappers.SNAKE_CASE.readTree(json);
    } catch (JacksonException e) {
      throw bad(what, "is not JSON (%s)".formatted(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) throw bad(what, "is not a JSON object");
    String status = root.path("status").asString("");
    if (!"success".equals(status)) {
      throw new EvidenceException(
          "%s: Prometheus answered status '%s' (%s: %s); fix the query or the server, then retry"
              .formatted(
                  what,
                  status,
                  root.path("errorType").asString("no errorType"),
                  root.path("error").asString("no error")));
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asString("");
    if (!"matrix".equals(type)) {
      throw bad(
          what,
          "`data.resultType` is '%s'; expected 'matrix' (ask /api/v1/query_range, not /api/v1/query)"
              .formatted(type));
    }
    JsonNode result = data.path("result");
    if (!result.isArray()) throw bad(what, "`data.result` is not a list");
    List<RangeSeries> series = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      series.add(parseSeries(what, "data.result[" + i + "]", result.get(i)));
    }
    return series;
  }

  /**
   * The series as CSV, one row per sample in time order per series: {@code
   * time,unix_seconds,series,value}, e.g. {@code 2026-12-07T09:30:00Z,1796635800,canary,0.0123}.
   * The value is written as Prometheus answered it (shortest exact form), so a reader recomputes
   * what the line saw.
   */
  public static String csv(List<RangeSeries> series) {
    StringBuilder csv = new StringBuilder("time,unix_seconds,series,value\n");
    for (RangeSeries s : series) {
      String name = quoted(s.name());
      for (Point point : s.points()) {
        csv.append(point.at())
            .append(',')
            .append(
                point.at().getNano() == 0
                    ? Long.toString(point.at().getEpochSecond())
                    : java.math.BigDecimal.valueOf(point.at().toEpochMilli(), 3)
                        .stripTrailingZeros()
                        .toPlainString())
            .append(',')
            .append(name)
            .append(',')
            .append(Double.toString(point.value()))
            .append('\n');
      }
    }
    return csv.toString();
  }

  private static String quoted(String field) {
    return field.contains(",") || field.contains("\"") || field.contains("\n")
        ? "\"" + field.replace("\"", "\"\"") + "\""
        : field;
  }

  private static RangeSeries parseSeries(String what, String path, JsonNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode metric = node.path("metric");
    if (!metric.isObject())
      throw bad(what, "`%s.metric` is missing or not an object".formatted(path));
    for (Map.Entry<String, JsonNode> label : metric.properties()) {
      labels.put(label.getKey(), label.getValue().asString());
    }
    JsonNode values = node.path("values");
    if (!values.isArray()) throw bad(what, "`%s.values` is missing or not a list".formatted(path));
    List<Point> points = new ArrayList<>();
    Instant previous = null;
    for (int j = 0; j < values.size(); j++) {
      JsonNode pair = values.get(j);
      String where = "%s.values[%d]".formatted(path, j);
      if (!pair.isArray()
          || pair.size() != 2
          || !pair.get(0).isNumber()
          || !pair.get(1).isString()) {
        throw bad(what, "`%s` is '%s'; expected [unix seconds, \"number\"]".formatted(where, pair));
      }
      Instant at = Instant.ofEpochMilli(Math.round(pair.get(0).doubleValue() * 1000));
      double value;
      try {
        value = Double.parseDouble(pair.get(1).stringValue());
      } catch (NumberFormatException e) {
        throw bad(
            what, "`%s` value '%s' is not a number".formatted(where, pair.get(1).stringValue()));
      }
      if (previous != null && !at.isAfter(previous)) {
        throw bad(
            what,
            "`%s` at %s is not after the previous sample at %s".formatted(where, at, previous));
      }
      previous = at;
      if (!Double.isNaN(value)) points.add(new Point(at, value));
    }
    return new RangeSeries(labels, points);
  }

  private static EvidenceException bad(String what, String problem) {
    return new EvidenceException(
        "%s: the range-query answer %s; expected {\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[...]}}"
            .formatted(what, problem));
  }
}
