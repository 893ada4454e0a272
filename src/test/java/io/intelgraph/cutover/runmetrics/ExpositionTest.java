package io.intelgraph.cutover.runmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both text formats: escaping, numbers, names, and the one difference between them. */
class ExpositionTest {

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) labels.put(pairs[i], pairs[i + 1]);
    return labels;
  }

  @Test
  void labelValuesEscapeBackslashQuoteAndLineFeedAndNothingElse() {
    Exposition.Family family =
        new Exposition.Family(
            "maestro_cutover_rollbacks",
            "Rollbacks",
            List.of(
                new Exposition.Sample(
                    labels("reason", "C:\\tmp \"quoted\"\nsecond line, {braces}=ok é"), 1)));

    assertThat(Exposition.PROMETHEUS_TEXT.render(List.of(family), Map.of()))
        .isEqualTo(
            """
            # HELP maestro_cutover_rollbacks Rollbacks
            # TYPE maestro_cutover_rollbacks gauge
            maestro_cutover_rollbacks{reason="C:\\\\tmp \\"quoted\\"\\nsecond line, {braces}=ok é"} 1
            """);
  }

  @Test
  void helpEscapesBackslashAndLineFeed() {
    assertThat(Exposition.escapeHelp("a\\b\nc")).isEqualTo("a\\\\b\\nc");
  }

  @Test
  void openMetricsEndsWithEofAndPutsTheCommonLabelsFirst() {
    Exposition.Family family =
        new Exposition.Family(
            "maestro_cutover_gate_value",
            "Value",
            List.of(new Exposition.Sample(labels("gate", "api_p95"), 0.215)));

    String text = Exposition.OPENMETRICS.render(List.of(family), labels("release", "v1.42.0"));

    assertThat(text)
        .isEqualTo(
            """
            # HELP maestro_cutover_gate_value Value
            # TYPE maestro_cutover_gate_value gauge
            maestro_cutover_gate_value{release="v1.42.0",gate="api_p95"} 0.215
            # EOF
            """);
    assertThat(Exposition.OPENMETRICS.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(Exposition.PROMETHEUS_TEXT.contentType())
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
    "1.0, 1",
    "0, 0",
    "-3.0, -3",
    "0.215, 0.215",
    "12.5, 12.5",
    "0.0001, 0.0001",
    "NaN, NaN",
    "Infinity, +Inf",
    "-Infinity, -Inf"
  })
  void numbersAreWrittenAsBothFormatsParseThem(double value, String written) {
    assertThat(Exposition.number(value)).isEqualTo(written);
  }

  @Test
  void badNamesAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> new Exposition.Family("maestro-cutover", "x", List.of()))
        .hasMessage(
            "metric name 'maestro-cutover' is not [a-zA-Z_:][a-zA-Z0-9_:]*, e.g. maestro_cutover_rollbacks");
    assertThatThrownBy(() -> new Exposition.Sample(labels("gate name", "x"), 1))
        .hasMessage(
            "label name 'gate name' is not [a-zA-Z_][a-zA-Z0-9_]* or starts with __, e.g. gate");
    assertThatThrownBy(() -> new Exposition.Sample(labels("__name__", "x"), 1))
        .hasMessageContaining("'__name__'");
    assertThatThrownBy(() -> new Exposition.Family("maestro_cutover_x", "say \"hi\"", List.of()))
        .hasMessage(
            "help of maestro_cutover_x must be text without double quotes, got: say \"hi\"");
  }
}
