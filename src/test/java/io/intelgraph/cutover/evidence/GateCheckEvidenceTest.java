package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.VerdictRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GateCheckEvidenceTest {

  static final Instant AT = Instant.parse("2025-09-21T15:15:00Z");

  static GateReport check(Outcome outcome, OptionalDouble value) {
    GateEvaluation e =
        new GateEvaluation(
            "api_p95",
            Scope.ALL,
            false,
            AT,
            outcome,
            value,
            Threshold.parse("<= 350ms"),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            "api_p95 " + outcome,
            List.of(new Evidence("value", "q{a=\"b\"}", "{\"status\":\"success\"}")));
    GateVerdict v =
        VerdictRules.decide(List.of(e), new VerdictRules.Rules(Duration.ofMinutes(15)), AT);
    return new GateReport(
        "gate", 2, Scope.ALL, AT, List.of(e), List.of(v), VerdictRules.release(List.of(v)));
  }

  @Test
  void theTitleNamesPhaseNumberScopeTimeAndVerdict() {
    assertThat(GateCheckEvidence.title(check(Outcome.BREACH, OptionalDouble.of(0.412))))
        .isEqualTo("gate gate check #2 (all) at 2025-09-21T15:15:00Z: YELLOW");
  }

  @Test
  void theJsonCarriesWhatItTakesToRecomputeTheVerdict() {
    assertThat(GateCheckEvidence.json(check(Outcome.BREACH, OptionalDouble.of(0.412))))
        .contains(
            "\"phase\" : \"gate\"",
            "\"check\" : 2",
            "\"value\" : 0.412",
            "\"threshold\" : \"<= 350 ms\"",
            "\"outcome\" : \"BREACH\"",
            "\"verdict\" : \"YELLOW\"",
            "\"streak\" : 1",
            "\"rule\" : ",
            "\"query\" : \"q{a=\\\"b\\\"}\"",
            "\"answer\" : \"{\\\"status\\\":\\\"success\\\"}\"");
  }

  @Test
  void aNonFiniteValueIsWrittenAsPrometheusWritesIt() {
    assertThat(
            GateCheckEvidence.json(
                check(Outcome.BREACH, OptionalDouble.of(Double.POSITIVE_INFINITY))))
        .contains("\"value\" : \"+Inf\"");
    assertThat(GateCheckEvidence.json(check(Outcome.NO_DATA, OptionalDouble.empty())))
        .contains("\"value\" : null");
  }

  @Test
  void theMarkdownTableHasOneRowPerGateAndNoValueReadsNone() {
    assertThat(GateCheckEvidence.markdown(check(Outcome.NO_DATA, OptionalDouble.empty())))
        .startsWith("**gate gate check #2** (all) at 2025-09-21T15:15:00Z: **YELLOW**\n\n")
        .contains(
            "| api_p95 | none | <= 350 ms | - | NO_DATA | YELLOW | 1 | 2025-09-21T15:15:00Z |");
  }

  @Test
  void aGateSwitchedOffIsListedWithTheSourceThatDidIt() {
    GateReport plain = check(Outcome.PASS, OptionalDouble.of(0.2));
    GateReport report =
        new GateReport(
            plain.phase(),
            plain.number(),
            plain.scope(),
            plain.at(),
            plain.evaluations(),
            plain.verdicts(),
            plain.release(),
            Map.of("database_up", "environments/lab.yaml"));

    assertThat(GateCheckEvidence.json(report))
        .contains("\"gates_switched_off\" : {\n    \"database_up\" : \"environments/lab.yaml\"");
    assertThat(GateCheckEvidence.markdown(report))
        .endsWith("\nswitched off: database_up (by environments/lab.yaml)\n");
    assertThat(GateCheckEvidence.json(plain)).contains("\"gates_switched_off\" : { }");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> report.verdict("database_up"))
        .hasMessage(
            "gate 'database_up' was not part of check gate #2: it is switched off by"
                + " environments/lab.yaml (gates.database_up.enabled: false); it had [api_p95]");
  }

  @Test
  void aShadowGateIsMarkedInTheTableAndTheJsonAndNamedAsNotJudging() {
    GateReport plain = check(Outcome.PASS, OptionalDouble.of(0.2));
    GateEvaluation tight =
        new GateEvaluation(
                "api_p95_tight",
                Scope.ALL,
                true,
                AT,
                Outcome.BREACH,
                OptionalDouble.of(0.2),
                Threshold.parse("<= 10ms"),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                "api_p95_tight BREACH",
                List.of(new Evidence("value", "q", "{}")))
            .withShadow(true);
    GateVerdict tightVerdict =
        VerdictRules.decide(List.of(tight), new VerdictRules.Rules(Duration.ofMinutes(15)), AT);
    List<GateVerdict> verdicts = List.of(plain.verdicts().get(0), tightVerdict);
    GateReport report =
        new GateReport(
            "gate",
            2,
            Scope.ALL,
            AT,
            List.of(plain.evaluations().get(0), tight),
            verdicts,
            VerdictRules.release(verdicts));

    assertThat(GateCheckEvidence.title(report)).endsWith(": GREEN");
    assertThat(GateCheckEvidence.markdown(report))
        .contains("| api_p95 | 200 ms |")
        .contains("| api_p95_tight (shadow) | 200 ms | <= 10 ms | - | BREACH | RED | 1 |")
        .contains(
            "GREEN: all 1 gates passed; shadow, not judging the release: api_p95_tight would be RED"
                + " (critical gate failed (BREACH): RED)");
    assertThat(GateCheckEvidence.json(report))
        .containsPattern("\"gate\" : \"api_p95\"[^}]*\"shadow\" : false")
        .containsPattern("\"gate\" : \"api_p95_tight\"[^}]*\"shadow\" : true");
  }
}
