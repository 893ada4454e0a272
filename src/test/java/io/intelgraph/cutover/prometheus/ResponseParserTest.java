package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseParserTest {

  static final Instant AT = Instant.parse("2026-11-27T15:15:00Z");
  static final String Q = "sum(rate(x[5m]))";

  static QueryResult parse(int status, String body) {
    return ResponseParser.parse(Q, AT, status, body);
  }

  static String vector(String... series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", series)
        + "]}}";
  }

  @Test
  void parsesAVectorSampleWithItsTimestamp() {
    QueryResult result =
        parse(
            200,
            vector("{\"metric\":{\"track\":\"canary\"},\"value\":[1795792500.123,\"0.412\"]}"));

    assertThat(result.resultType()).isEqualTo(ResultType.VECTOR);
    assertThat(result.singleSample())
        .contains(new Sample(Instant.parse("2026-11-27T15:15:00.123Z"), 0.412));
    assertThat(result.series().get(0).labels()).containsEntry("track", "canary");
    assertThat(result.rawJson()).contains("0.412");
  }

  @ParameterizedTest
  @CsvSource({"NaN, NaN", "+Inf, Infinity", "-Inf, -Infinity", "1e-3, 0.001", "-2, -2"})
  void parsesSpecialValues(String sent, double expected) {
    QueryResult result =
        parse(200, vector("{\"metric\":{},\"value\":[1795792500,\"" + sent + "\"]}"));

    assertThat(Double.valueOf(result.singleSample().orElseThrow().value()))
        .isEqualTo(Double.valueOf(expected));
  }

  @Test
  void anEmptyVectorHasNoSample() {
    assertThat(parse(200, vector()).singleSample()).isEmpty();
  }

  @Test
  void severalSeriesWhereOneWasExpectedIsABadResponseNamingThem() {
    QueryResult result =
        parse(
            200,
            vector(
                "{\"metric\":{\"pod\":\"a\"},\"value\":[1,\"1\"]}",
                "{\"metric\":{\"pod\":\"b\"},\"value\":[1,\"2\"]}"));

    assertThatThrownBy(result::singleSample)
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.BAD_RESPONSE))
        .hasMessage(
            "expected at most one series for 'sum(rate(x[5m]))', got 2: {pod=\"a\"}, {pod=\"b\"}; aggregate the query (e.g. sum or max) so it yields one value");
  }

  @Test
  void parsesScalarsAndMatrices() {
    QueryResult scalar =
        parse(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795792500,\"42\"]}}");
    QueryResult matrix =
        parse(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1\"],[16,\"2\"]]}]}}");

    assertThat(scalar.singleSample().orElseThrow().value()).isEqualTo(42);
    assertThat(matrix.singleSeries().orElseThrow().samples())
        .extracting(Sample::value)
        .containsExactly(1.0, 2.0);
    assertThat(matrix.singleSeries().orElseThrow().at(Instant.ofEpochSecond(16)))
        .contains(new Sample(Instant.ofEpochSecond(16), 2));
  }

  @Test
  void anErrorStatusIsAQueryErrorCarryingTheQueryAndTheReason() {
    assertThatThrownBy(
            () ->
                parse(
                    400,
                    "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}"))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PromQlException.Kind.QUERY_ERROR);
              assertThat(e.query()).isEqualTo(Q);
              assertThat(e.httpStatus()).hasValue(400);
            })
        .hasMessage(
            "Prometheus rejected 'sum(rate(x[5m]))' (HTTP 400, bad_data): parse error at char 4");
  }

  @Test
  void aNonJsonErrorPageIsAnHttpStatusError() {
    assertThatThrownBy(() -> parse(502, "<html>Bad Gateway</html>"))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.HTTP_STATUS))
        .hasMessage("HTTP 502 from Prometheus for 'sum(rate(x[5m]))': <html>Bad Gateway</html>");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | the body is not a JSON object: not json",
        "{\"status\":\"success\"} | `data` is missing or not an object",
        "{\"status\":\"weird\",\"data\":{}} | status is 'weird', expected 'success' or 'error'",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"histogram\",\"result\":[]}} | unknown resultType 'histogram'",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,0.5]}]}} | a sample value is not a string: 0.5",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0,5\"]}]}} | a sample value is not a number: '0,5'",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[\"1\",\"1\"]}]}} | a sample time is not a number: \"1\"",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]}]}} | a series has no `metric` object",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[2,\"1\"],[1,\"1\"]]}]}} | matrix samples are not in ascending time order at 1970-01-01T00:00:01Z",
      })
  void aMalformedAnswerIsABadResponseNeverAValue(String body, String what) {
    assertThatThrownBy(() -> parse(200, body))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.BAD_RESPONSE))
        .hasMessage("malformed answer from Prometheus for 'sum(rate(x[5m]))': " + what);
  }
}
