package io.intelgraph.cutover.runbook.gates;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.breach;
import static io.intelgraph.cutover.runbook.gates.ScriptedGateChecks.Step.pass;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.gates.GateLineReport.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one line type of the ramp and the gate checks, against a scripted source of evaluations and a
 * real ledger file: the check line stores what it decided, the lines after it judge their gates in
 * it, and RED / YELLOW / skip are reported as signals, never thrown. The production example's
 * cadence (15 min checks, 5 min soak).
 */
class GateCheckLineTest {

  static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  static final String P95 = "api_p95";
  static final String ERRORS = "error_ratio_5xx";

  @TempDir Path dir;
  final DecidedChecks decided = new DecidedChecks();

  ScriptedGateChecks checks(Environment environment) {
    return new ScriptedGateChecks(environment, ledger(environment), "ramp", START);
  }

  FileLedgerStore ledger;

  FileLedgerStore ledger(Environment environment) {
    if (ledger == null) {
      ledger =
          new FileLedgerStore(
              dir.resolve("ledger.json"), environment.release().tag(), java.time.Clock.systemUTC());
    }
    return ledger;
  }

  LineContext context(Environment environment, ScriptedGateChecks checks) {
    return new LineContext(environment, null, ledger(environment), checks);
  }

  static Environment prod(Map<String, String> properties) {
    return TestEnvironments.prodExample(properties);
  }

  GateLineReport decideAt40(Environment environment, ScriptedGateChecks checks, Duration soak) {
    return GateCheckLine.decide(
            "Canary gates at 40%", decided, 40, Scope.CANARY, "canary at 40 %", soak)
        .run(context(environment, checks), checks);
  }

  @Test
  void aGreenCheckPassesAfterTheSoakAndTheLinesAfterItReadTheSameCheck() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(pass(P95), pass(ERRORS));

    GateLineReport gates = decideAt40(env, checks, Duration.ofMinutes(5));
    LineReport slo =
        GateCheckLine.gatesGreen("SLO", decided, 40, P95).run(context(env, checks), checks).line();

    assertThat(gates.line()).passed();
    org.assertj.core.api.Assertions.assertThat(gates.signal()).isEqualTo(Signal.NONE);
    org.assertj.core.api.Assertions.assertThat(checks.waits)
        .containsExactly("soak for 300 s before judging canary at 40 % until 2026-12-07T10:05:00Z");
    org.assertj.core.api.Assertions.assertThat(checks.scopes).containsExactly(Scope.CANARY);
    assertThat(slo).passed();
    org.assertj.core.api.Assertions.assertThat(slo.observedAt())
        .isEqualTo(Instant.parse("2026-12-07T10:05:00Z"));
  }

  @Test
  void aYellowIsFollowedUpAndPassesOnceTheGateRecovers() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(breach(P95)).then(pass(P95));

    GateLineReport gates = decideAt40(env, checks, Duration.ZERO);

    assertThat(gates.line()).passed();
    org.assertj.core.api.Assertions.assertThat(checks.waits)
        .containsExactly(
            "canary at 40 % is YELLOW: keep watching, change nothing; follow-up check 1 until"
                + " 2026-12-07T10:15:00Z");
  }

  @Test
  void theSecondConsecutiveFailureIsReportedRedNotThrown() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(breach(P95)).then(breach(P95));

    GateLineReport gates = decideAt40(env, checks, Duration.ZERO);

    org.assertj.core.api.Assertions.assertThat(gates.signal()).isEqualTo(Signal.RED);
    assertThat(gates.line()).failedWith("is RED: api_p95 second consecutive failure: RED");
  }

  @Test
  void aCriticalGateBreachedOnceIsRed() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks =
        checks(env)
            .then(pass(P95), new ScriptedGateChecks.Step("auth_error_ratio", Outcome.BREACH, true));

    GateLineReport gates = decideAt40(env, checks, Duration.ZERO);

    org.assertj.core.api.Assertions.assertThat(gates.signal()).isEqualTo(Signal.RED);
    assertThat(gates.line()).failedWith("auth_error_ratio critical gate failed (BREACH): RED");
  }

  @Test
  void aYellowThatNeverSettlesIsReportedYellowWithWhatToDo() {
    // one follow-up at most; the follow-up sees another gate's first failure, so it stays YELLOW
    Environment env = prod(Map.of("cutover.cadence.gate_checks_at", "15m"));
    ScriptedGateChecks checks =
        checks(env).then(breach(P95), pass(ERRORS)).then(pass(P95), breach(ERRORS));

    GateLineReport gates = decideAt40(env, checks, Duration.ZERO);

    org.assertj.core.api.Assertions.assertThat(gates.signal()).isEqualTo(Signal.YELLOW);
    assertThat(gates.line())
        .failedWith(
            "ramp check #2 (canary)",
            "is YELLOW: error_ratio_5xx first failure",
            "Keep watching, change nothing; the next failure of the same gate is RED");
  }

  @Test
  void aGateTheCheckDidNotHaveIsNeverGreen() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(pass(P95));
    decideAt40(env, checks, Duration.ZERO);

    LineReport errors =
        GateCheckLine.gatesGreen("Error rate check at 40%", decided, 40, ERRORS)
            .run(context(env, checks), checks)
            .line();

    assertThat(errors)
        .failedWith(
            "gate error_ratio_5xx is not part of ramp check #1 (it has [api_p95]); a line without its"
                + " gate is never GREEN: define gates.error_ratio_5xx");
  }

  @Test
  void aLineOnASwitchedOffGateIsSkippedNamingWhoSwitchedItOff() {
    Environment env = prod(Map.of("cutover.gates.error_ratio_5xx.enabled", "false"));
    ScriptedGateChecks checks = checks(env).then(pass(P95));
    decideAt40(env, checks, Duration.ZERO);

    GateLineReport errors =
        GateCheckLine.gatesGreen("Error rate check at 40%", decided, 40, ERRORS)
            .run(context(env, checks), checks);

    org.assertj.core.api.Assertions.assertThat(errors.signal()).isEqualTo(Signal.SKIP);
    assertThat(errors.line())
        .isNotConfigured(
            "gate error_ratio_5xx is switched off by -Dcutover.gates.error_ratio_5xx.enabled");
  }

  @Test
  void aBreachingShadowGateNeitherHoldsTheCheckNorFailsItsLineWhichIsSkippedSayingWhatItSaw() {
    Environment env = prod(Map.of("cutover.gates.api_p95.shadow", "true"));
    ScriptedGateChecks checks = checks(env).then(breach(P95), pass(ERRORS));

    GateLineReport decide = decideAt40(env, checks, Duration.ZERO);
    GateLineReport p95 =
        GateCheckLine.gatesGreen("SLO validation at 40%", decided, 40, P95)
            .run(context(env, checks), checks);
    GateLineReport errors =
        GateCheckLine.gatesGreen("Error rate check at 40%", decided, 40, ERRORS)
            .run(context(env, checks), checks);

    org.assertj.core.api.Assertions.assertThat(decide.signal())
        .as("no follow-up, no YELLOW: the shadow gate's failure changes nothing")
        .isEqualTo(Signal.NONE);
    org.assertj.core.api.Assertions.assertThat(checks.waits).isEmpty();
    assertThat(decide.line()).passed();
    org.assertj.core.api.Assertions.assertThat(p95.signal()).isEqualTo(Signal.SKIP);
    assertThat(p95.line())
        .isNotConfigured(
            "gate api_p95 is a shadow gate in environment prod (gates.api_p95.shadow:"
                + " true): evaluated and recorded, never judging the release; it is YELLOW:"
                + " shadow gate api_p95 first failure",
            "Set gates.api_p95.shadow: false to judge it");
    assertThat(errors.line()).passed();
    org.assertj.core.api.Assertions.assertThat(ledger.read().gates())
        .extracting(r -> r.gate() + " " + r.verdict() + " shadow=" + r.shadow())
        .containsExactly("api_p95 YELLOW shadow=true", "error_ratio_5xx GREEN shadow=false");
  }

  @Test
  void aLineOfAShadowGateAndARealOneJudgesTheRealOneOnly() {
    Environment env = prod(Map.of("cutover.gates.kafka_lag.shadow", "true"));
    ScriptedGateChecks checks =
        checks(env).then(breach("kafka_lag"), breach("kafka_lag_growth"), pass(P95));
    decided.put(15, checks.check(Scope.ALL));

    LineReport kafka =
        GateCheckLine.gatesGreen("T+15: Kafka Lag", decided, 15, "kafka_lag", "kafka_lag_growth")
            .run(context(env, checks), checks)
            .line();

    assertThat(kafka).failedWith("gate kafka_lag_growth is YELLOW");
    org.assertj.core.api.Assertions.assertThat(kafka.problems())
        .noneMatch(problem -> problem.contains("gate kafka_lag is"));
    org.assertj.core.api.Assertions.assertThat(kafka.evidence())
        .anySatisfy(
            item ->
                org.assertj.core.api.Assertions.assertThat(item.text())
                    .startsWith("gate kafka_lag is a shadow gate in environment prod"));
  }

  @Test
  void aGateThatIsNotGreenFailsItsLineWithTheRuleAndTheValue() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(breach(P95), pass(ERRORS));
    // a gate-phase check: one evaluation, no follow-up, stored for the lines after it
    decided.put(40, checks.check(Scope.ALL));

    LineReport p95 =
        GateCheckLine.gatesGreen("SLO validation at 40%", decided, 40, P95)
            .run(context(env, checks), checks)
            .line();
    LineReport errors =
        GateCheckLine.gatesGreen("Error rate check at 40%", decided, 40, ERRORS)
            .run(context(env, checks), checks)
            .line();

    assertThat(p95)
        .failedWith(
            "gate api_p95 is YELLOW: api_p95 first failure, 0s old",
            "(outcome BREACH; streak 1; threshold <= 350 ms");
    assertThat(errors).passed();
  }

  @Test
  void aLineWhoseCheckDidNotRunInThisProcessIsNeverGreen() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env);

    assertThat(
            GateCheckLine.gatesGreen("SLO validation at 80%", decided, 80, P95)
                .run(context(env, checks), checks)
                .line())
        .failedWith(
            "SLO validation at 80%: the gate check this line reads did not run in this process");
    assertThat(
            GateCheckLine.verdict("T+15 verdict", decided, 1)
                .run(context(env, checks), checks)
                .line())
        .failedWith("never GREEN");
  }

  @Test
  void thePolicyEngineLineIsSkippedWithItsReasonWhenTheEnvironmentSwitchedItOff() {
    Environment off = prod(Map.of("cutover.preflight.opa_gate.enabled", "false"));
    ScriptedGateChecks checks = checks(off);

    GateLineReport line =
        GateCheckLine.policyEngine("Policy engine at 40%", decided, 40)
            .run(context(off, checks), checks);

    org.assertj.core.api.Assertions.assertThat(line.signal()).isEqualTo(Signal.SKIP);
    assertThat(line.line())
        .isNotConfigured(
            "preflight.opa_gate.enabled is false in environment",
            "the runbook's RED \"OPA failure\" is not watched live; set it to true to judge it");
  }

  @Test
  void thePolicyEngineLineJudgesItsGateWhenEnabled() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env).then(pass(P95), pass(PolicyEngineGate.NAME));
    decideAt40(env, checks, Duration.ZERO);

    assertThat(
            GateCheckLine.policyEngine("Policy engine at 40%", decided, 40)
                .run(context(env, checks), checks)
                .line())
        .passed();
  }

  @Test
  void anOrdinaryLineKeepsItsReportAndASignalNeedsAReason() {
    Environment env = prod(Map.of());
    ScriptedGateChecks checks = checks(env);
    LineReport failed = LineReport.at(START).problem("weights 60/40").judged();

    GateLineReport line =
        GateCheckLine.of("40% traffic active", context -> failed).run(context(env, checks), checks);

    org.assertj.core.api.Assertions.assertThat(line).isEqualTo(GateLineReport.of(failed));
    org.assertj.core.api.Assertions.assertThat(GateCheckLine.of("40% traffic active", c -> failed))
        .hasToString("40% traffic active");
    assertThatThrownBy(() -> GateLineReport.red(LineReport.at(START).judged()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a RED line has a reason; the report passed with no problem");
  }
}
