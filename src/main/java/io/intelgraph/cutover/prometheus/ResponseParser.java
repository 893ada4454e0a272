package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.JsonMappers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses the body of {@code /api/v1/query} and {@code /api/v1/query_range} strictly: every field
 * the API promises is checked, and anything unexpected is a {@code BAD_RESPONSE} naming the query
 * and what was wrong. A parse problem never becomes a value (no "default to 0").
 */
final class ResponseParser {

  private static final JsonMapper JSON = JsonMappers.EXACT_NUMBERS;

  private ResponseParser() {}

  static QueryResult parse(String query, Instant evaluatedAt, int httpStatus, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      if (httpStatus / 100 != 2) {
        throw new PromQlException(
            PromQlException.Kind.HTTP_STATUS,
            query,
            httpStatus,
            body,
            "HTTP %d from Prometheus for '%s': %s".formatted(httpStatus, query, Excerpts.of(body)),
            null);
      }
      throw bad(query, httpStatus, body, "the body is not a JSON object: " + Excerpts.of(body));
    }
    String status = text(root.get("status"));
    if ("error".equals(status)) {
      String errorType = text(root.get("errorType"));
      String error = text(root.get("error"));
      throw new PromQlException(
          PromQlException.Kind.QUERY_ERROR,
          query,
          httpStatus,
          body,
          "Prometheus rejected '%s' (HTTP %d, %s): %s"
              .formatted(
                  query,
                  httpStatus,
                  errorType == null ? "no errorType" : errorType,
                  error == null ? "no error message" : error),
          null);
    }
    if (httpStatus / 100 != 2) {
      throw new PromQlException(
          PromQlException.Kind.HTTP_STATUS,
          query,
          httpStatus,
          body,
          "HTTP %d from Prometheus for '%s': %s".formatted(httpStatus, query, Excerpts.of(body)),
          null);
    }
    if (!"success".equals(status)) {
      throw bad(
          query,
          httpStatus,
          body,
          "status is '%s', expected 'success' or 'error'".formatted(status));
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject())
      throw bad(query, httpStatus, body, "`data` is missing or not an object");
    ResultType type = resultType(query, httpStatus, body, text(data.get("resultType")));
    JsonNode result = data.get("result");
    if (result == null) throw bad(query, httpStatus, body, "`data.result` is missing");
    List<Series> series =
        switch (type) {
          case SCALAR ->
              List.of(new Series(Map.of(), List.of(sample(query, httpStatus, body, result))));
          case STRING -> List.of();
          case VECTOR -> vector(query, httpStatus, body, result);
          case MATRIX -> matrix(query, httpStatus, body, result);
        };
    List<String> warnings = new ArrayList<>();
    JsonNode w = root.get("warnings");
    if (w != null && w.isArray()) w.forEach(node -> warnings.add(node.asString()));
    return new QueryResult(query, evaluatedAt, type, series, warnings, body);
  }

  private static ResultType resultType(String query, int httpStatus, String body, String text) {
    if (text == null) throw bad(query, httpStatus, body, "`data.resultType` is missing");
    return switch (text) {
      case "vector" -> ResultType.VECTOR;
      case "scalar" -> ResultType.SCALAR;
      case "matrix" -> ResultType.MATRIX;
      case "string" -> ResultType.STRING;
      default -> throw bad(query, httpStatus, body, "unknown resultType '" + text + "'");
    };
  }

  private static List<Series> vector(String query, int httpStatus, String body, JsonNode result) {
    if (!result.isArray())
      throw bad(query, httpStatus, body, "a vector's `result` is not an array");
    List<Series> series = new ArrayList<>(result.size());
    for (JsonNode element : result) {
      series.add(
          new Series(
              labels(query, httpStatus, body, element),
              List.of(sample(query, httpStatus, body, element.get("value")))));
    }
    return series;
  }

  private static List<Series> matrix(String query, int httpStatus, String body, JsonNode result) {
    if (!result.isArray())
      throw bad(query, httpStatus, body, "a matrix's `result` is not an array");
    List<Series> series = new ArrayList<>(result.size());
    for (JsonNode element : result) {
      JsonNode values = element.get("values");
      if (values == null || !values.isArray())
        throw bad(query, httpStatus, body, "a matrix series has no `values` array");
      List<Sample> samples = new ArrayList<>(values.size());
      Instant previous = null;
      for (JsonNode value : values) {
        Sample sample = sample(query, httpStatus, body, value);
        if (previous != null && !sample.timestamp().isAfter(previous)) {
          throw bad(
              query,
              httpStatus,
              body,
              "matrix samples are not in ascending time order at " + sample.timestamp());
        }
        previous = sample.timestamp();
        samples.add(sample);
      }
      series.add(new Series(labels(query, httpStatus, body, element), samples));
    }
    return series;
  }

  private static Map<String, String> labels(
      String query, int httpStatus, String body, JsonNode element) {
    if (element == null || !element.isObject())
      throw bad(query, httpStatus, body, "a series is not an object");
    JsonNode metric = element.get("metric");
    if (metric == null || !metric.isObject())
      throw bad(query, httpStatus, body, "a series has no `metric` object");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label : metric.properties()) {
      if (!label.getValue().isString())
        throw bad(query, httpStatus, body, "label '" + label.getKey() + "' is not a string");
      labels.put(label.getKey(), label.getValue().stringValue());
    }
    return labels;
  }

  /** {@code [1714000000.123, "0.42"]}: the time in seconds as a number, the value as a string. */
  private static Sample sample(String query, int httpStatus, String body, JsonNode pair) {
    if (pair == null || !pair.isArray() || pair.size() != 2) {
      throw bad(query, httpStatus, body, "a sample is not a [time, \"value\"] pair: " + pair);
    }
    JsonNode time = pair.get(0);
    JsonNode value = pair.get(1);
    if (!time.isNumber())
      throw bad(query, httpStatus, body, "a sample time is not a number: " + time);
    if (!value.isString())
      throw bad(query, httpStatus, body, "a sample value is not a string: " + value);
    BigDecimal millis = time.decimalValue().movePointRight(3).setScale(0, RoundingMode.HALF_UP);
    Instant timestamp = Instant.ofEpochMilli(millis.longValueExact());
    return new Sample(timestamp, number(query, httpStatus, body, value.stringValue()));
  }

  static double number(String query, int httpStatus, String body, String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "+inf":
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        // Double.parseDouble also accepts "Infinity", hex floats and a trailing 'd': the API sends
        // none of them.
        if (!isDecimal(text.toCharArray(), 0, text.length())) {
          throw bad(query, httpStatus, body, "a sample value is not a number: '" + text + "'");
        }
        return Double.parseDouble(text);
    }
  }

  /**
   * A sample value as the HTTP API writes it (besides NaN and the infinities): {@code
   * [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?}, checked by hand as it runs once per sample.
   */
  static boolean isDecimal(char[] text, int offset, int length) {
    int i = offset;
    int end = offset + length;
    if (i < end && (text[i] == '+' || text[i] == '-')) i++;
    int digits = 0;
    while (i < end && isDigit(text[i])) {
      i++;
      digits++;
    }
    if (i < end && text[i] == '.') {
      i++;
      while (i < end && isDigit(text[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) return false;
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      if (i < end && (text[i] == '+' || text[i] == '-')) i++;
      int exponent = i;
      while (i < end && isDigit(text[i])) i++;
      if (i == exponent) return false;
    }
    return i == end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String text(JsonNode node) {
    return node == null || !node.isString() ? null : node.stringValue();
  }

  private static PromQlException bad(String query, int httpStatus, String body, String what) {
    return new PromQlException(
        PromQlException.Kind.BAD_RESPONSE,
        query,
        httpStatus,
        body,
        "malformed answer from Prometheus for '%s': %s".formatted(query, what),
        null);
  }
}
