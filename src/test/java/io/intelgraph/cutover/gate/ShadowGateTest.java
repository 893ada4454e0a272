package io.intelgraph.cutover.gate;

import static io.intelgraph.cutover.gate.VerdictRulesTest.RULES;
import static io.intelgraph.cutover.gate.VerdictRulesTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A shadow gate is judged by the same rules as any gate (its own verdict and streak) and never
 * counts in the release verdict, live or replayed.
 */
class ShadowGateTest {

  static GateEvaluation shadow(String gate, Outcome outcome, Instant at, boolean critical) {
    return VerdictRulesTest.evaluation(gate, outcome, at, critical).withShadow(true);
  }

  /** The verdict on one gate's history, judged at its latest evaluation. */
  static GateVerdict judged(List<GateEvaluation> history) {
    return VerdictRules.decide(history, RULES, history.get(history.size() - 1).evaluatedAt());
  }

  @Test
  void aBreachingShadowGateBesideGreenGatesLeavesTheReleaseGreenAndSaysWhatItWouldHaveDone() {
    Instant second = T0.plusSeconds(15);
    GateVerdict tight =
        judged(
            List.of(
                shadow("api_p95_tight", Outcome.BREACH, T0, false),
                shadow("api_p95_tight", Outcome.BREACH, second, false)));
    GateVerdict p95 =
        judged(List.of(VerdictRulesTest.evaluation("api_p95", Outcome.PASS, second, false)));

    ReleaseVerdict release = VerdictRules.release(List.of(p95, tight));

    assertThat(tight.verdict()).as("the shadow gate's own verdict").isEqualTo(Verdict.RED);
    assertThat(tight.streak()).isEqualTo(2);
    assertThat(tight.shadow()).isTrue();
    assertThat(release.verdict()).isEqualTo(Verdict.GREEN);
    assertThat(release.reason())
        .isEqualTo(
            "GREEN: all 1 gates passed; shadow, not judging the release: api_p95_tight would be"
                + " RED (second consecutive failure: RED)");
    assertThat(release.gates()).as("every verdict is kept, the shadow one too").hasSize(2);
  }

  @Test
  void aCriticalShadowGateThatBreachesIsRedForItselfOnlyNeverForTheRelease() {
    GateVerdict auth = judged(List.of(shadow("auth_error_ratio", Outcome.BREACH, T0, true)));
    GateVerdict p95 =
        judged(List.of(VerdictRulesTest.evaluation("api_p95", Outcome.PASS, T0, false)));

    assertThat(auth.verdict()).isEqualTo(Verdict.RED);
    assertThat(auth.reason()).isEqualTo("critical gate failed (BREACH): RED");
    assertThat(VerdictRules.release(List.of(auth, p95)).verdict()).isEqualTo(Verdict.GREEN);
  }

  @Test
  void aShadowGatesStreakIsNotTheReleasesSecondConsecutiveFailure() {
    // check 1: the shadow gate fails; check 2: a real gate fails for the first time
    Instant second = T0.plusSeconds(15);
    GateVerdict shadowSecond =
        judged(
            List.of(
                shadow("api_p95", Outcome.BREACH, T0, false),
                shadow("api_p95", Outcome.BREACH, second, false)));
    GateVerdict realFirst =
        judged(
            List.of(
                VerdictRulesTest.evaluation("error_ratio_5xx", Outcome.PASS, T0, false),
                VerdictRulesTest.evaluation("error_ratio_5xx", Outcome.BREACH, second, false)));

    ReleaseVerdict release = VerdictRules.release(List.of(shadowSecond, realFirst));

    assertThat(release.verdict())
        .as("two failures in a row, but only one of a gate that judges: %s", release.reason())
        .isEqualTo(Verdict.YELLOW);
    assertThat(release.reason())
        .startsWith(
            "YELLOW: error_ratio_5xx (first failure, 0s old (RED on the next failure or after"
                + " 15m): YELLOW)")
        .endsWith(
            "; shadow, not judging the release: api_p95 would be RED (second consecutive failure: RED)");
  }

  @Test
  void aCheckOfShadowGatesOnlyIsRefusedNeverGreen() {
    GateVerdict only = judged(List.of(shadow("api_p95", Outcome.PASS, T0, false)));

    assertThatThrownBy(() -> VerdictRules.release(List.of(only)))
        .hasMessage(
            "a release verdict needs at least one gate that is not shadow; got only shadow gates [api_p95]");
  }

  @Test
  void aReportNamesTheShadowGateAsNotJudging() {
    GateVerdict tight =
        judged(
            List.of(
                shadow("api_p95_tight", Outcome.BREACH, T0, false),
                shadow("api_p95_tight", Outcome.BREACH, T0.plusSeconds(15), false)));
    GateVerdict real =
        judged(
            List.of(
                VerdictRulesTest.evaluation("api_p95", Outcome.BREACH, T0.plusSeconds(15), false)));
    List<GateVerdict> verdicts = List.of(real, tight);
    GateReport report =
        new GateReport(
            "gate",
            1,
            Scope.CANARY,
            T0.plusSeconds(15),
            verdicts.stream().map(GateVerdict::latest).toList(),
            verdicts,
            VerdictRules.release(verdicts));

    assertThat(report.summary())
        .endsWith(": YELLOW (api_p95 YELLOW streak 1, shadow api_p95_tight RED streak 2)");
    assertThat(report.reason())
        .contains("is YELLOW: api_p95 first failure")
        .contains(
            "; not judging the release: shadow gate api_p95_tight second consecutive failure: RED");
  }

  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");

  static Gate gate(String name, String threshold, boolean shadow) {
    return Gate.resolve(
        new GateSpec(
            name,
            name,
            "lat{{{selector}}}",
            Threshold.parse(threshold),
            Optional.empty(),
            Optional.empty(),
            0,
            "fresh{{{selector}}}",
            Duration.ofMinutes(2),
            false,
            Optional.empty(),
            Optional.empty(),
            shadow),
        Scope.CANARY,
        Duration.ofSeconds(15),
        SELECTORS);
  }

  @Test
  void replayJudgesAShadowGateAtEveryStepAndSaysWhenItWouldHaveBeenRed() {
    // a steady 60 ms p95: fine for the 350 ms gate, a breach of the 10 ms one being tried
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus((q, t) -> q.startsWith("fresh") ? 15.0 : 0.060)) {
      ReplayReport report =
          new Replay(new PromQlClient(prometheus.url(), Duration.ofSeconds(5)), RULES)
              .run(
                  List.of(
                      gate("api_p95", "<= 350ms", false), gate("api_p95_tight", "<= 10ms", true)),
                  T0,
                  T0.plusSeconds(60),
                  Duration.ofSeconds(30),
                  Baselines.none());

      assertThat(report.timeline())
          .extracting(ReplayReport.Step::verdict)
          .containsExactly(Verdict.GREEN, Verdict.GREEN, Verdict.GREEN);
      assertThat(report.timeline())
          .extracting(s -> s.gates().get(1).verdict())
          .containsExactly(Verdict.YELLOW, Verdict.RED, Verdict.RED);
      assertThat(report.summary().worst()).isEqualTo(Verdict.GREEN);
      assertThat(report.summary().firstRed()).isEmpty();
      assertThat(report.summary().shadows())
          .singleElement()
          .satisfies(
              shadow -> {
                assertThat(shadow.gate()).isEqualTo("api_p95_tight");
                assertThat(shadow.worst()).isEqualTo(Verdict.RED);
                assertThat(shadow.firstRed()).hasValue(T0.plusSeconds(30));
                assertThat(shadow.wouldHave())
                    .startsWith(
                        "would have been RED at 2026-11-27T15:00:30Z (second consecutive failure:"
                            + " RED, ")
                    .contains("60 ms", "10 ms");
              });
    }
  }

  @Test
  void replayWithoutShadowGatesHasNoShadowSummary() {
    try (ScriptedPrometheus prometheus =
        new ScriptedPrometheus((q, t) -> q.startsWith("fresh") ? 15.0 : 0.060)) {
      List<Gate> gates = new ArrayList<>(List.of(gate("api_p95", "<= 350ms", false)));
      ReplayReport report =
          new Replay(new PromQlClient(prometheus.url(), Duration.ofSeconds(5)), RULES)
              .run(gates, T0, T0.plusSeconds(60), Duration.ofSeconds(30), Baselines.none());

      assertThat(report.summary().shadows()).isEmpty();
      assertThat(report.summary().worst()).isEqualTo(Verdict.GREEN);
    }
  }
}
