package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The judgement is a table: coverage x traffic x value -> outcome; only a covered, sampled, finite
 * value in target passes.
 */
class BakeProbeJudgeTest {

  static final Duration MINUTE = Duration.ofMinutes(1);

  static Coverage covered(int seconds) {
    return new Coverage(
        Duration.ofSeconds(seconds),
        MINUTE,
        seconds,
        61,
        Duration.ofSeconds(1),
        Optional.empty(),
        "q");
  }

  static OptionalDouble optional(String text) {
    return text == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text));
  }

  @ParameterizedTest(name = "covered {0}s, traffic {1}, value {2}, target {3} -> {4}")
  @CsvSource(
      nullValues = "none",
      textBlock =
          """
      60, 1000, 0.995,  > 99%,  PASS,       meets > 99 %
      60, 1000, 0.985,  > 99%,  BREACH,     misses > 99 %
       5, 1000, 0.995,  > 99%,  NO_DATA,    too little of the window holds data: 8.3 % < min_coverage 10.0 %
       0, 1000, 0.995,  > 99%,  NO_DATA,    too little of the window holds data
      60, none, none,   > 99%,  NO_DATA,    no events in the window
      60,   19, 1.0,    > 99%,  LOW_SAMPLE, 19 events in the window < min_traffic 20
      60, 1000, NaN,    > 99%,  NO_DATA,    no value to judge
      60, 1000, none,   > 99%,  NO_DATA,    no value to judge
      60, 1000, 0.58,   none,   PASS,       reported (the runbook gives no target)
      60, 1000, Infinity, none, BREACH,     the value is infinite
      """)
  void onlyACoveredSampledFiniteValueInTargetPasses(
      int seconds, String traffic, String value, String target, Outcome expected, String reason) {
    BakeProbe.Judgement j =
        BakeProbe.judge(
            covered(seconds),
            0.1,
            optional(traffic),
            20,
            optional(value),
            Optional.ofNullable(target).map(Threshold::parse));
    assertThat(j.outcome()).isEqualTo(expected);
    assertThat(j.reason()).startsWith(reason);
  }

  @ParameterizedTest
  @CsvSource({"PT5M, 300s", "PT15S, 15s", "PT1.5S, 1500ms"})
  void durationsArePromQl(Duration d, String promql) {
    assertThat(BakeProbe.promDuration(d)).isEqualTo(promql);
  }
}
