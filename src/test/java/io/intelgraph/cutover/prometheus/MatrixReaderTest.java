package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming reader of range answers must say exactly what the tree parser says: the same
 * samples for every answer it reads itself, the same error for every answer it cannot.
 */
class MatrixReaderTest {

  static final Instant START = Instant.parse("2026-11-27T15:00:00Z");
  static final String Q = "sum(rate(x[5m]))";

  static String matrix(String result) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + result
        + "]}}";
  }

  static RangeMatrix read(int status, String body) {
    return MatrixReader.read(Q, START, status, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The tree parser's reading of the same body, as columns, for comparison. */
  static RangeMatrix tree(int status, String body) {
    return RangeMatrix.of(ResponseParser.parse(Q, START, status, body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // the common case: two series, whole seconds
        "{\"metric\":{\"track\":\"canary\"},\"values\":[[1795792500,\"0.4\"],[1795792515,\"0.5\"]]},"
            + "{\"metric\":{\"track\":\"stable\",\"a\":\"b\"},\"values\":[[1795792500,\"1e-3\"]]}",
        // fractions of a second, rounded half up to the millisecond as the tree parser does
        "{\"metric\":{},\"values\":[[1795792500.1234,\"1\"],[1795792500.1235,\"2\"],[1795792501.9996,\"3\"],[1795792502.5,\"4\"]]}",
        // special values, signs, an exponent in the time
        "{\"metric\":{},\"values\":[[1.7957925e9,\"NaN\"],[1795792600,\"+Inf\"],[1795792700,\"-Inf\"],[1795792800,\"-2.5\"],[1795792900,\".5\"],[1795793000,\"+5.\"]]}",
        // fields in another order, and fields the reader does not know
        "{\"values\":[[1795792500,\"7\"]],\"extra\":{\"x\":[1,2]},\"metric\":{\"job\":\"api\"}}",
        // no series at all
        ""
      })
  void readsWhatTheTreeParserReads(String result) {
    String body = matrix(result);

    assertSame(read(200, body), tree(200, body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // warnings after the data, and data before the status
        "{\"data\":{\"result\":[{\"metric\":{},\"values\":[[1795792500,\"1\"]]}],\"resultType\":\"matrix\"},\"status\":\"success\",\"warnings\":[\"w1\",\"w2\"]}",
        // a vector answer to a range query: left to the tree parser, read all the same
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1795792500,\"1\"]}]}}",
        // warnings that are not all strings
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]},\"warnings\":[\"w\",3]}"
      })
  void unusualLayoutsReadAsTheTreeParserReadsThem(String body) {
    assertSame(read(200, body), tree(200, body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"metric\":{\"a\":1},\"values\":[[1795792500,\"1\"]]}",
        "{\"metric\":{},\"values\":[[1795792500,\"1\"],[1795792500,\"2\"]]}",
        "{\"metric\":{},\"values\":[[1795792500,\"0x10\"]]}",
        "{\"metric\":{},\"values\":[[1795792500,\"Infinity\"]]}",
        "{\"metric\":{},\"values\":[[1795792500,1]]}",
        "{\"metric\":{},\"values\":[[\"1795792500\",\"1\"]]}",
        "{\"metric\":{},\"values\":[[1795792500,\"1\",\"2\"]]}",
        "{\"metric\":{}}",
        "{\"values\":[]}"
      })
  void aMalformedMatrixFailsWithTheTreeParsersMessage(String result) {
    assertSameFailure(200, matrix(result));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}",
        "<html>502 Bad Gateway</html>",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}} trailing",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1795792500,\"1\"]"
      })
  void anErrorAnswerFailsWithTheTreeParsersMessage(String body) {
    assertSameFailure(200, body);
    assertSameFailure(422, body);
  }

  private static void assertSameFailure(int status, String body) {
    PromQlException expected = null;
    try {
      ResponseParser.parse(Q, START, status, body);
    } catch (PromQlException e) {
      expected = e;
    }
    if (expected == null) {
      // the tree parser accepts it (e.g. trailing content it ignores): so must the reader
      assertSame(read(status, body), tree(status, body));
      return;
    }
    String message = expected.getMessage();
    PromQlException.Kind kind = expected.kind();
    assertThatThrownBy(() -> read(status, body))
        .as("HTTP %d: %s", status, body)
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(message);
              assertThat(e.kind()).isEqualTo(kind);
            });
  }

  private static void assertSame(RangeMatrix actual, RangeMatrix expected) {
    assertThat(actual.query()).isEqualTo(expected.query());
    assertThat(actual.warnings()).isEqualTo(expected.warnings());
    assertThat(actual.series()).hasSameSizeAs(expected.series());
    for (int s = 0; s < expected.series().size(); s++) {
      RangeMatrix.Columns a = actual.series().get(s);
      RangeMatrix.Columns e = expected.series().get(s);
      assertThat(a.labels()).as("labels of series %d", s).isEqualTo(e.labels());
      assertThat(samples(a)).as("samples of series %d", s).isEqualTo(samples(e));
    }
  }

  private static List<Sample> samples(RangeMatrix.Columns columns) {
    return java.util.stream.IntStream.range(0, columns.size()).mapToObj(columns::sample).toList();
  }
}
