package io.intelgraph.cutover.stablehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.ledger.StableRecovery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StableHealthTest {

  static final PrometheusSettings.Selectors SELECTORS =
      new PrometheusSettings.Selectors("track=\"stable\"", "track=\"canary\"", "");
  static final Duration RATE_WINDOW = Duration.ofSeconds(15);
  static final Duration SCRAPE = Duration.ofMillis(50);
  static final Duration TIMEOUT = Duration.ofMillis(600);
  static final String RATIO_5XX = "error_ratio_5xx";
  static final String AUTH = "auth_error_ratio";

  static GateSpec spec(String name, boolean critical) {
    return new GateSpec(
        name,
        name,
        "sum(rate(http_requests_total{{{selector}}}[{{window}}]))",
        Threshold.parse("<= 1%"),
        Optional.empty(),
        Optional.empty(),
        0,
        "sum(count_over_time(http_requests_total{{{selector}}}[{{staleness}}]))",
        Duration.ofMinutes(2),
        critical);
  }

  static GateEvaluation evaluation(Gate gate, Outcome outcome, Instant at) {
    OptionalDouble value =
        switch (outcome) {
          case PASS -> OptionalDouble.of(0.001);
          case BREACH, LOW_SAMPLE, STALE -> OptionalDouble.of(0.291);
          case NO_DATA, ERROR -> OptionalDouble.empty();
        };
    String detail =
        "%s %s: value %s, threshold %s at %s"
            .formatted(
                gate.name(),
                outcome,
                value.isPresent() ? "%.1f %%".formatted(value.getAsDouble() * 100) : "none",
                gate.spec().threshold(),
                at);
    return new GateEvaluation(
        gate.name(),
        gate.scope(),
        gate.critical(),
        at,
        outcome,
        value,
        gate.spec().threshold(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        detail,
        List.of(new Evidence("value", gate.query(), "{}")));
  }

  /** Gates judged by script: each judgement's outcome per gate, the last one repeating. */
  static final class ScriptedGates implements StableHealth.GateProbe {
    final List<Map<String, Outcome>> script;
    final List<List<Gate>> asked = new CopyOnWriteArrayList<>();

    ScriptedGates(List<Map<String, Outcome>> script) {
      this.script = script;
    }

    @Override
    public List<GateEvaluation> evaluate(List<Gate> gates, Instant at) {
      Map<String, Outcome> outcomes = script.get(Math.min(asked.size(), script.size() - 1));
      asked.add(gates);
      return gates.stream()
          .map(g -> evaluation(g, outcomes.getOrDefault(g.name(), Outcome.PASS), at))
          .toList();
    }
  }

  static StableHealth health(
      ScriptedGates gates,
      StableHealth.GoldenCheck golden,
      AtomicInteger goldenRuns,
      Duration scrape) {
    return new StableHealth(
        List.of(spec(RATIO_5XX, false), spec(AUTH, true)),
        RATE_WINDOW,
        scrape,
        SELECTORS,
        new VerdictRules.Rules(Duration.ofMinutes(15)),
        TIMEOUT,
        gates,
        () -> {
          goldenRuns.incrementAndGet();
          return golden;
        },
        Clock.systemUTC());
  }

  static final StableHealth.GoldenCheck GOLDEN_OK =
      new StableHealth.GoldenCheck(true, "Entity write: 3 runs, 0 errors; served by stable 3");
  static final StableHealth.GoldenCheck GOLDEN_FAILED =
      new StableHealth.GoldenCheck(
          false,
          "Entity write: 3 runs, 1 errors; served by stable 3; first failure: createEntity answered HTTP 503");

  /**
   * The recovery judgement: what the stable gates show at each judgement (the last repeating) and
   * the golden -> healthy or not, and what the recovery names as still wrong. Only GREEN gates and
   * a passing golden are healthy: a BREACH, and every inconclusive outcome held until the timeout,
   * end unhealthy with the gate, the outcome and the value; the golden runs only once the gates are
   * GREEN.
   */
  static Stream<Arguments> table() {
    Map<String, Outcome> green = Map.of();
    return Stream.of(
        Arguments.of("gates GREEN, golden ok", List.of(green), GOLDEN_OK, true, List.of(), 1),
        Arguments.of(
            "5xx BREACH, then GREEN",
            List.of(Map.of(RATIO_5XX, Outcome.BREACH), Map.of(RATIO_5XX, Outcome.BREACH), green),
            GOLDEN_OK,
            true,
            List.of(),
            1),
        Arguments.of(
            "5xx still BREACH",
            List.of(Map.of(RATIO_5XX, Outcome.BREACH)),
            GOLDEN_OK,
            false,
            List.of("error_ratio_5xx[stable] YELLOW BREACH", "value 29.1 %", "threshold <= 1"),
            0),
        Arguments.of(
            "critical gate BREACH",
            List.of(Map.of(AUTH, Outcome.BREACH)),
            GOLDEN_OK,
            false,
            List.of("auth_error_ratio[stable] RED BREACH"),
            0),
        Arguments.of(
            "NO_DATA until the timeout",
            List.of(Map.of(RATIO_5XX, Outcome.NO_DATA)),
            GOLDEN_OK,
            false,
            List.of("error_ratio_5xx[stable] YELLOW NO_DATA", "value none"),
            0),
        Arguments.of(
            "LOW_SAMPLE until the timeout",
            List.of(Map.of(RATIO_5XX, Outcome.LOW_SAMPLE)),
            GOLDEN_OK,
            false,
            List.of("error_ratio_5xx[stable] YELLOW LOW_SAMPLE"),
            0),
        Arguments.of(
            "ERROR until the timeout",
            List.of(Map.of(AUTH, Outcome.ERROR)),
            GOLDEN_OK,
            false,
            List.of("auth_error_ratio[stable] YELLOW ERROR"),
            0),
        Arguments.of(
            "STALE until the timeout",
            List.of(Map.of(RATIO_5XX, Outcome.STALE)),
            GOLDEN_OK,
            false,
            List.of("error_ratio_5xx[stable] YELLOW STALE"),
            0),
        Arguments.of(
            "gates GREEN, golden fails",
            List.of(green),
            GOLDEN_FAILED,
            false,
            List.of("golden against stable FAILED", "createEntity answered HTTP 503"),
            -1));
  }

  @ParameterizedTest(name = "{0}: healthy {3}")
  @MethodSource("table")
  void recoveryJudgement(
      String row,
      List<Map<String, Outcome>> script,
      StableHealth.GoldenCheck golden,
      boolean healthy,
      List<String> stillWrong,
      int goldenRuns) {
    Instant switchedAt = Instant.now().minus(Duration.ofHours(1));
    AtomicInteger runs = new AtomicInteger();
    ScriptedGates gates = new ScriptedGates(script);

    StableRecovery recovery = health(gates, golden, runs, SCRAPE).prove(switchedAt);

    assertThat(recovery.healthy()).as("%s: %s", row, recovery.describe()).isEqualTo(healthy);
    assertThat(recovery.switchedAt()).isEqualTo(switchedAt);
    if (healthy) {
      assertThat(recovery.describe())
          .startsWith("stable healthy after " + recovery.after().toSeconds() + " s");
      assertThat(recovery.held())
          .as(row)
          .anySatisfy(line -> assertThat(line).startsWith("error_ratio_5xx[stable] GREEN PASS"))
          .anySatisfy(line -> assertThat(line).startsWith("auth_error_ratio[stable] GREEN PASS"))
          .anySatisfy(
              line -> assertThat(line).startsWith("golden against stable passed: Entity write"));
      assertThat(gates.asked).as("judgements until healthy").hasSize(script.size());
    } else {
      assertThat(recovery.describe()).startsWith("stable still UNHEALTHY");
      assertThat(String.join("\n", recovery.stillWrong())).as(row).contains(stillWrong);
      assertThat(Duration.between(switchedAt.plus(Duration.ofHours(1)), recovery.judgedAt()))
          .as("judged until the timeout")
          .isGreaterThanOrEqualTo(TIMEOUT.minus(SCRAPE.multipliedBy(2)));
    }
    if (goldenRuns >= 0) {
      assertThat(runs).as("golden runs (only once the gates are GREEN)").hasValue(goldenRuns);
    } else {
      assertThat(runs.get())
          .as("golden runs: it is asked again at every judgement until the timeout")
          .isGreaterThan(1);
    }
  }

  @Test
  void theRateWindowStartsAtTheSwitchSoNoPreSwitchTrafficIsJudged() {
    ScriptedGates gates = new ScriptedGates(List.of(Map.of()));

    StableRecovery recovery =
        health(gates, GOLDEN_OK, new AtomicInteger(), SCRAPE).prove(Instant.now().minusSeconds(5));

    assertThat(recovery.healthy()).as(recovery.describe()).isTrue();
    assertThat(gates.asked.get(0))
        .allSatisfy(
            gate -> {
              assertThat(gate.scope()).hasToString("STABLE");
              assertThat(gate.query())
                  .contains("track=\"stable\"")
                  .contains("[5s]")
                  .doesNotContain("[15s]");
            });
    assertThat(recovery.held())
        .anySatisfy(line -> assertThat(line).contains("(window 5s since the switch)"));
  }

  @Test
  void noGateIsAskedBeforeTheWindowSinceTheSwitchHoldsThreeScrapes() {
    ScriptedGates gates = new ScriptedGates(List.of(Map.of()));

    StableRecovery recovery =
        health(gates, GOLDEN_OK, new AtomicInteger(), Duration.ofSeconds(10)).prove(Instant.now());

    assertThat(recovery.healthy()).isFalse();
    assertThat(recovery.stillWrong())
        .singleElement()
        .asString()
        .startsWith("no judgement yet: 0 s of post-switch traffic, a window needs 15 s");
    assertThat(gates.asked).isEmpty();
  }

  @Test
  void aGateProbeThatThrowsIsUnhealthyNeverDone() {
    StableHealth.GateProbe broken =
        (gates, at) -> {
          throw new IllegalStateException("evaluator bug");
        };
    StableHealth health =
        new StableHealth(
            List.of(spec(RATIO_5XX, false)),
            RATE_WINDOW,
            SCRAPE,
            SELECTORS,
            new VerdictRules.Rules(Duration.ofMinutes(15)),
            TIMEOUT,
            broken,
            () -> GOLDEN_OK,
            Clock.systemUTC());

    StableRecovery recovery = health.prove(Instant.now().minusSeconds(60));

    assertThat(recovery.healthy()).isFalse();
    assertThat(recovery.stillWrong())
        .containsExactly("the stable gates could not be evaluated: evaluator bug");
  }

  @Test
  void anUnknownRecoveryGateIsRefusedNamingTheGatesThereAre() {
    var environment =
        new EnvironmentLoader(
                Map.of("cutover.rollback.recovery_gates", "error_ratio_5xx, api_p59"),
                Map.of(),
                Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load();

    assertThatThrownBy(() -> StableHealth.judged(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rollback.recovery_gates names [api_p59], which are not gates")
        .hasMessageContaining("api_p95");
  }

  @Test
  void theJudgedGatesAreEveryCriticalGateAndTheRecoveryGates() {
    var environment =
        new EnvironmentLoader(Map.of(), Map.of(), Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load();

    List<String> judged =
        new ArrayList<>(StableHealth.judged(environment).stream().map(GateSpec::name).toList());

    assertThat(judged)
        .contains("error_ratio_5xx", "api_p95")
        .containsAll(
            environment.gates().values().stream()
                .filter(GateSpec::critical)
                .map(GateSpec::name)
                .toList())
        .doesNotContain("kafka_lag");
  }

  @Test
  void aCriticalShadowGateDoesNotJudgeTheRecoveryAndANamedShadowGateIsRefused() {
    var critical =
        new EnvironmentLoader(
                Map.of("cutover.gates.auth_error_ratio.shadow", "true"),
                Map.of(),
                Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load();
    assertThat(critical.gates().get("auth_error_ratio").critical()).isTrue();
    assertThat(StableHealth.judged(critical).stream().map(GateSpec::name).toList())
        .contains("error_ratio_5xx", "api_p95")
        .doesNotContain("auth_error_ratio");

    var named =
        new EnvironmentLoader(
                Map.of("cutover.gates.api_p95.shadow", "true"),
                Map.of(),
                Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load();
    assertThatThrownBy(() -> StableHealth.judged(named))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rollback.recovery_gates names [api_p95], which are shadow gates")
        .hasMessageContaining("set gates.<name>.shadow: false");
  }
}
