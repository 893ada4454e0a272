package io.intelgraph.cutover.prometheus;

import io.intelgraph.cutover.support.JsonMappers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a successful matrix answer of {@code /api/v1/query_range} token by token, straight into
 * {@link RangeMatrix} columns: no tree, no per-sample objects.
 *
 * <p>Design note: it reads only the answer it expects (HTTP 2xx, {@code "status":"success"}, a
 * matrix of {@code {"metric":{...},"values":[[time,"value"],...]}}) and checks it as strictly as
 * {@link ResponseParser} does (labels are strings, each pair a number and a string value, times
 * strictly ascending, values numbers or NaN/+Inf/-Inf). Anything else (an error answer, another
 * result type, a malformed body, an unusual layout) is handed whole to {@link ResponseParser}, so
 * every error says exactly what it says for any other query, and a body is never judged by two rule
 * sets.
 */
final class MatrixReader {

  private MatrixReader() {}

  /** Signals a body this reader leaves to {@link ResponseParser}; carries no message of its own. */
  private static final class NotMine extends Exception {
    NotMine() {
      super(null, null, false, false);
    }
  }

  private static final NotMine NOT_MINE = new NotMine();

  /**
   * The matrix in {@code body}; a {@link PromQlException} exactly as {@link ResponseParser} throws
   * it for a body that is not a successful answer.
   */
  static RangeMatrix read(String query, Instant start, int httpStatus, byte[] body) {
    if (httpStatus / 100 == 2) {
      try (JsonParser parser = JsonMappers.EXACT_NUMBERS.createParser(body)) {
        return matrix(query, parser);
      } catch (NotMine | JacksonException notMine) {
        // fall through: the tree parser says what is wrong, or reads the unusual layout
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return RangeMatrix.of(ResponseParser.parse(query, start, httpStatus, text));
  }

  private static RangeMatrix matrix(String query, JsonParser parser) throws NotMine {
    expect(parser.nextToken(), JsonToken.START_OBJECT);
    String status = null;
    List<RangeMatrix.Columns> series = null;
    List<String> warnings = new ArrayList<>();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "status" -> {
          if (status != null) throw NOT_MINE;
          expect(value, JsonToken.VALUE_STRING);
          status = parser.getString();
        }
        case "data" -> {
          if (series != null) throw NOT_MINE;
          series = data(parser);
        }
        case "warnings" -> {
          if (!warnings.isEmpty()) throw NOT_MINE;
          expect(value, JsonToken.START_ARRAY);
          for (JsonToken w = parser.nextToken(); w != JsonToken.END_ARRAY; w = parser.nextToken()) {
            expect(w, JsonToken.VALUE_STRING);
            warnings.add(parser.getString());
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) throw NOT_MINE; // trailing content: the tree parser decides
    if (!"success".equals(status) || series == null) throw NOT_MINE;
    return new RangeMatrix(query, series, warnings);
  }

  private static List<RangeMatrix.Columns> data(JsonParser parser) throws NotMine {
    expect(parser.currentToken(), JsonToken.START_OBJECT);
    String type = null;
    List<RangeMatrix.Columns> series = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "resultType" -> {
          if (type != null) throw NOT_MINE;
          expect(value, JsonToken.VALUE_STRING);
          type = parser.getString();
        }
        case "result" -> {
          if (series != null) throw NOT_MINE;
          series = result(parser);
        }
        default -> parser.skipChildren();
      }
    }
    if (!"matrix".equals(type) || series == null) throw NOT_MINE;
    return series;
  }

  private static List<RangeMatrix.Columns> result(JsonParser parser) throws NotMine {
    expect(parser.currentToken(), JsonToken.START_ARRAY);
    List<RangeMatrix.Columns> series = new ArrayList<>();
    for (JsonToken element = parser.nextToken();
        element != JsonToken.END_ARRAY;
        element = parser.nextToken()) {
      expect(element, JsonToken.START_OBJECT);
      Map<String, String> labels = null;
      RangeMatrix.Columns columns = null;
      for (String name = parser.nextName(); name != null; name = parser.nextName()) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "metric" -> {
            if (labels != null) throw NOT_MINE;
            labels = labels(parser, value);
          }
          case "values" -> {
            if (columns != null) throw NOT_MINE;
            columns = values(parser, value);
          }
          default -> parser.skipChildren();
        }
      }
      if (labels == null || columns == null) throw NOT_MINE;
      series.add(columns.labelled(labels));
    }
    return series;
  }

  private static Map<String, String> labels(JsonParser parser, JsonToken start) throws NotMine {
    expect(start, JsonToken.START_OBJECT);
    Map<String, String> labels = new LinkedHashMap<>();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      expect(parser.nextToken(), JsonToken.VALUE_STRING);
      if (labels.put(name, parser.getString()) != null) throw NOT_MINE;
    }
    return labels;
  }

  /** {@code [[1714000000.123,"0.42"],...]}, strictly ascending in time. */
  private static RangeMatrix.Columns values(JsonParser parser, JsonToken start) throws NotMine {
    expect(start, JsonToken.START_ARRAY);
    long[] millis = new long[256];
    double[] values = new double[256];
    int n = 0;
    for (JsonToken pair = parser.nextToken();
        pair != JsonToken.END_ARRAY;
        pair = parser.nextToken()) {
      expect(pair, JsonToken.START_ARRAY);
      JsonToken time = parser.nextToken();
      if (time != JsonToken.VALUE_NUMBER_INT && time != JsonToken.VALUE_NUMBER_FLOAT)
        throw NOT_MINE;
      long at = millis(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      expect(parser.nextToken(), JsonToken.VALUE_STRING);
      double value =
          value(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      expect(parser.nextToken(), JsonToken.END_ARRAY);
      if (n > 0 && at <= millis[n - 1]) throw NOT_MINE;
      if (n == millis.length) {
        millis = Arrays.copyOf(millis, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      millis[n] = at;
      values[n] = value;
      n++;
    }
    return new RangeMatrix.Columns(Map.of(), millis, values, n);
  }

  /**
   * Seconds as the API writes them ({@code 1714000000} or {@code 1714000000.123}) in epoch
   * milliseconds, rounded half up like {@link ResponseParser}; other spellings (an exponent, a
   * sign) through {@link BigDecimal} as there.
   */
  static long millis(char[] text, int offset, int length) {
    long whole = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && text[i] >= '0' && text[i] <= '9' && i - offset < 15) {
      whole = whole * 10 + (text[i++] - '0');
    }
    if (i == offset) return exactly(text, offset, length);
    long fraction = 0;
    int digits = 0;
    boolean roundUp = false;
    if (i < end && text[i] == '.') {
      i++;
      int first = i;
      while (i < end && text[i] >= '0' && text[i] <= '9') {
        if (digits < 3) {
          fraction = fraction * 10 + (text[i] - '0');
          digits++;
        } else if (i == first + 3) {
          roundUp = text[i] >= '5';
        }
        i++;
      }
      if (i == first) return exactly(text, offset, length);
    }
    if (i != end) return exactly(text, offset, length);
    while (digits < 3) {
      fraction *= 10;
      digits++;
    }
    return whole * 1000 + fraction + (roundUp ? 1 : 0);
  }

  private static long exactly(char[] text, int offset, int length) {
    return new BigDecimal(text, offset, length)
        .movePointRight(3)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  private static double value(char[] text, int offset, int length) throws NotMine {
    if (ResponseParser.isDecimal(text, offset, length)) {
      return Double.parseDouble(new String(text, offset, length));
    }
    String special = new String(text, offset, length);
    try {
      return ResponseParser.number("", 200, "", special);
    } catch (PromQlException notANumber) {
      throw NOT_MINE;
    }
  }

  private static void expect(JsonToken token, JsonToken expected) throws NotMine {
    if (token != expected) throw NOT_MINE;
  }
}
