package io.intelgraph.cutover.junit;

import static io.intelgraph.cutover.rollback.MockCluster.CANARY;
import static io.intelgraph.cutover.rollback.MockCluster.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.ConfigException;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerException;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.MockCluster;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.gates.GateLineReport;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.session.PhaseTableTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The JUnit wiring, end to end through {@link EngineTestKit}: small fixture phases run against a
 * fabric8 CRUD mock of the cluster and a ledger file in a temporary directory. The fixtures run
 * only when selected here ({@code maestro.selftest.fixtures}).
 */
@EnableKubernetesMockClient(
    crud = true,
    https = false) // plain http: the suite verifies an https API server's certificate
class CutoverWiringTest {

  static final String FIXTURES = "maestro.selftest.fixtures";

  KubernetesClient client;
  @TempDir Path dir;
  MockCluster cluster;
  Path ledgerFile;
  Path rollbackCount;

  @BeforeEach
  void canaryAtTwentyPercent() throws IOException {
    cluster = new MockCluster(client).seed(20);
    ledgerFile = dir.resolve("ledger.json");
    rollbackCount = dir.resolve("rollbacks.log");
  }

  // ---- fixtures -------------------------------------------------------------------------------

  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class RedGate {
    @Test
    @Order(1)
    void apiP95() {
      throw new RedVerdictException("api_p95 breached twice: 412 ms > 350 ms");
    }

    @Test
    @Order(2)
    void errorRatio() {
      throw new RedVerdictException("error_ratio_5xx breached twice");
    }
  }

  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class YellowGate {
    @Test
    @Order(1)
    void apiP95() {
      throw new YellowVerdictException("api_p95 breached once: 380 ms > 350 ms (streak 1)");
    }

    @Test
    @Order(2)
    void plainFailure() {
      assertThat(2).as("kafka lag growth").isLessThan(1);
    }
  }

  /** Gate-check lines that report their verdict; {@link GateChecks#enforce} maps it. */
  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class LinesReportingVerdicts {
    @Test
    @Order(1)
    @Critical
    void securityGoldensCouldNotJudge(LineContext context) {
      GateChecks.enforce(
          GateLineReport.inconclusive(
              context.report().problem("the canary's share cannot be read").judged()));
    }

    @Test
    @Order(2)
    void canaryGates(LineContext context) {
      GateChecks.enforce(
          GateLineReport.red(
              context.report().problem("api_p95 second consecutive failure: RED").judged()));
    }
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class CriticalPreflight {
    @Test
    @Critical
    void opaAnswers() {
      throw new IllegalStateException("OPA at http://opa:8181 refused the connection");
    }
  }

  @GatePhase
  @Execution(ExecutionMode.CONCURRENT)
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class TwoRedAtOnce {
    static final CyclicBarrier BOTH_FAILING = new CyclicBarrier(2);

    @Test
    void first() throws Exception {
      BOTH_FAILING.await(30, TimeUnit.SECONDS);
      throw new RedVerdictException("first RED");
    }

    @Test
    void second() throws Exception {
      BOTH_FAILING.await(30, TimeUnit.SECONDS);
      throw new RedVerdictException("second RED");
    }
  }

  @EvidencePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Evidence {
    @Test
    void sharedResourcesAreResolved(
        Environment env, LedgerStore ledger, KubernetesClient kubernetes) {
      assertThat(env.name()).isEqualTo("selftest");
      assertThat(ledger.read().releaseTag()).isEqualTo("v1.0.0-GA");
      assertThat(kubernetes.apps().deployments().inNamespace(MockCluster.NS).withName(STABLE).get())
          .isNotNull();
    }
  }

  @CanaryPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class BlockedCanary {
    @Test
    @Order(1)
    @Blocking
    void rolloutCompletes() {
      throw new AssertionError("canary rollout exceeded its progress deadline");
    }

    @Test
    @Order(2)
    void canaryTakesTraffic() {
      throw new IllegalStateException("must not run");
    }
  }

  @BaselinePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Baseline {
    @Test
    void baselineTaken() {}
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Preflight {
    @Test
    void dnsTtl() {}

    @Test
    void tlsValidity() {}
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class PreflightWithASkip {
    @Test
    void dnsTtl() {}

    @Test
    @Disabled("not configured: endpoints.opa")
    void opaDecision() {}

    @Test
    void backupAge() {
      Assumptions.assumeTrue(false, "no backup catalog configured");
    }
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class FailingPreflight {
    @Test
    void dnsTtl() {
      assertThat(3600).as("TTL of api.example.com").isLessThanOrEqualTo(1);
    }
  }

  @CanaryPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Canary {
    static final List<String> RAN = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void canaryAtTwentyPercent() {
      RAN.add("canary");
    }
  }

  @RampPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Ramp {
    @Test
    void rampToForty() {}
  }

  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Gate {
    @Test
    void t15() {}
  }

  @KpiPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Kpi {
    @Test
    void kpiWatch() {}
  }

  @CloseoutPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class Closeout {
    @Test
    void closeout() {}
  }

  @EvidencePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class EvidenceWithAFailedLine {
    @Test
    @Order(1)
    void sloCompliance() {
      throw new AssertionError("5xx ratio 26 % > 1 %");
    }

    @Test
    @Order(2)
    void bundleSealed() {}
  }

  // ---- harness --------------------------------------------------------------------------------

  private EngineExecutionResults run(Class<?> fixture, Map<String, String> extra) {
    return run(fixture, extra, Map.of());
  }

  /**
   * Several phases in one run, in the run of show's order, as {@code mvn verify -Pcutover} runs
   * them.
   */
  private EngineExecutionResults runAll(List<Class<?>> fixtures) {
    return run(
        fixtures,
        Map.of(),
        Map.of("junit.jupiter.testclass.order.default", PhaseOrder.class.getName()));
  }

  private EngineExecutionResults run(
      Class<?> fixture, Map<String, String> extra, Map<String, String> configuration) {
    return run(List.of(fixture), extra, configuration);
  }

  private EngineExecutionResults run(
      List<Class<?>> fixtures, Map<String, String> extra, Map<String, String> configuration) {
    Map<String, String> properties = new HashMap<>();
    properties.put(FIXTURES, "true");
    properties.put("cutover.config", MockCluster.config().toString());
    properties.put("cutover.endpoints.kubernetes", client.getMasterUrl().toString());
    properties.put("cutover.ledger.path", ledgerFile.toString());
    properties.put("cutover.rollback.script", countingScript().toString());
    properties.putAll(extra);
    Map<String, String> previous = new HashMap<>();
    properties.keySet().forEach(key -> previous.put(key, System.getProperty(key)));
    properties.forEach(System::setProperty);
    try {
      return EngineTestKit.engine("junit-jupiter")
          .selectors(
              fixtures.stream()
                  .map(f -> selectClass(f))
                  .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
          .configurationParameters(configuration)
          .execute();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value == null) System.clearProperty(key);
            else System.setProperty(key, value);
          });
    }
  }

  /** A rollback script that counts its runs, so "exactly once" is observable outside the ledger. */
  private Path countingScript() {
    Path script = dir.resolve("count-rollback.sh");
    try {
      if (!Files.exists(script)) {
        Files.writeString(
            script,
            "#!/bin/sh\necho \"$CUTOVER_ROLLBACK_REASON\" >> "
                + rollbackCount
                + "\necho counted\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      }
      return script;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private int rollbacksRun() throws IOException {
    return Files.exists(rollbackCount) ? Files.readAllLines(rollbackCount).size() : 0;
  }

  private Ledger seed(java.util.function.UnaryOperator<Ledger> change) {
    return new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC()).update(change);
  }

  private Ledger ledger() {
    return new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC()).read();
  }

  // ---- behaviour ------------------------------------------------------------------------------

  @Test
  void redRollsBackOnceAndTheCheckFailsWithTheReasonAndTheRollback() throws IOException {
    seed(PhaseTableTest::locked);
    EngineExecutionResults results = run(RedGate.class, Map.of());

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("apiP95"),
                finishedWithFailure(
                    instanceOf(RedVerdictException.class),
                    // selftest serves nothing, so stable is never proven healthy: the rollback took
                    // hold and ends DONE_UNHEALTHY
                    message(
                        m ->
                            m.startsWith(
                                    "RED: api_p95 breached twice: 412 ms > 350 ms"
                                        + System.lineSeparator()
                                        + "rollback DONE_UNHEALTHY (requested ")
                                && m.contains("traffic DONE")
                                && m.contains("now {intelgraph-api=100, intelgraph-api-canary=0}")
                                && m.contains("verification passed")
                                && m.contains("*** STABLE STILL UNHEALTHY")))))
        .haveExactly(
            1,
            event(
                test("errorRatio"),
                skippedWithReason(
                    r ->
                        r.startsWith(
                            "refused: release v1.0.0-GA was rolled back, rollback DONE"))));
    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.routeWeights()).containsEntry(CANARY, 0);
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(rollbacksRun()).isEqualTo(1);
    Ledger ledger = ledger();
    assertThat(ledger.rollback())
        .get()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
              assertThat(r.reason()).isEqualTo("api_p95 breached twice: 412 ms > 350 ms");
              assertThat(r.triggeredBy()).endsWith("RedGate#apiP95");
              assertThat(r.dryRun()).isFalse();
            });
    assertThat(ledger.phases())
        .last()
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo("gate");
              assertThat(p.status()).isEqualTo(PhaseResult.Status.FAILED);
              assertThat(p.summary())
                  .startsWith(
                      "2 lines: 0 passed, 1 failed, 1 skipped; first failure apiP95: RED: api_p95 breached twice");
            });
  }

  @Test
  void yellowAndPlainFailuresFailTheCheckWithoutRollingBack() throws IOException {
    seed(PhaseTableTest::locked);
    EngineExecutionResults results = run(YellowGate.class, Map.of());

    results.testEvents().assertStatistics(stats -> stats.started(2).failed(2).skipped(0));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("apiP95"),
                finishedWithFailure(
                    instanceOf(YellowVerdictException.class),
                    message("api_p95 breached once: 380 ms > 350 ms (streak 1)"))));
    assertThat(rollbacksRun()).isZero();
    assertThat(ledger().rollback()).isEmpty();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
  }

  @Test
  void aLineReportingRedRollsBackOnceAndAnInconclusiveCriticalLineDoesNot() throws IOException {
    seed(PhaseTableTest::locked);
    EngineExecutionResults results = run(LinesReportingVerdicts.class, Map.of());

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("securityGoldensCouldNotJudge"),
                finishedWithFailure(
                    instanceOf(InconclusiveCheckException.class),
                    message("the canary's share cannot be read"))))
        .haveExactly(
            1,
            event(
                test("canaryGates"),
                finishedWithFailure(
                    instanceOf(RedVerdictException.class),
                    message(
                        m ->
                            m.startsWith(
                                "RED: api_p95 second consecutive failure: RED"
                                    + System.lineSeparator()
                                    + "rollback DONE_UNHEALTHY")))));
    assertThat(rollbacksRun()).isEqualTo(1);
    assertThat(ledger().rollback())
        .get()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo("api_p95 second consecutive failure: RED");
              assertThat(r.triggeredBy()).endsWith("LinesReportingVerdicts#canaryGates");
            });
  }

  @Test
  void anyFailureOfACriticalCheckIsRed() throws IOException {
    EngineExecutionResults results = run(CriticalPreflight.class, Map.of());

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("opaAnswers"),
                finishedWithFailure(
                    instanceOf(RedVerdictException.class),
                    message(
                        m ->
                            m.startsWith(
                                "RED: critical check 'opaAnswers()' failed: OPA at http://opa:8181 refused the connection")))));
    assertThat(rollbacksRun()).isEqualTo(1);
    assertThat(cluster.replicas(CANARY)).isZero();
  }

  @Test
  void aDryRunRecordsThePlanAndChangesNothing() throws IOException {
    seed(PhaseTableTest::locked);
    EngineExecutionResults results = run(RedGate.class, Map.of("cutover.rollback.dry_run", "true"));

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("apiP95"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("rollback DONE [dry run: nothing was executed]")
                                && m.contains("script DRY_RUN")))));
    assertThat(rollbacksRun()).isZero();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
    assertThat(ledger().rollback().orElseThrow().actions())
        .extracting(ActionResult::status)
        .containsOnly(ActionResult.Status.DRY_RUN);
  }

  @Test
  void twoChecksGoingRedAtTheSameMomentGiveOneRollback() throws IOException {
    seed(PhaseTableTest::locked);
    EngineExecutionResults results =
        run(
            TwoRedAtOnce.class,
            Map.of(),
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                // more workers than the two checks: the class's own task holds one while it waits
                // for its children
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));

    results.testEvents().assertStatistics(stats -> stats.failed(2));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains(System.lineSeparator() + "rollback DONE")))))
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains("not run again: this attempt's rollback")))));
    assertThat(rollbacksRun()).isEqualTo(1);
  }

  @Test
  void aFailingRollbackActionFailsTheCheckWithItsReason() throws IOException {
    seed(PhaseTableTest::locked);
    Path failing = dir.resolve("emergency-rollback.sh");
    Files.writeString(failing, "#!/bin/sh\necho 'kubectl: connection refused' >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));

    EngineExecutionResults results =
        run(RedGate.class, Map.of("cutover.rollback.script", failing + " full"));

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("apiP95"),
                finishedWithFailure(
                    instanceOf(RedVerdictException.class),
                    message(
                        m ->
                            m.contains("rollback FAILED (requested ")
                                && m.contains("script FAILED (run `" + failing + " full`")
                                && m.contains(
                                    "exited 3; output:"
                                        + System.lineSeparator()
                                        + "kubectl: connection refused")))));
    assertThat(ledger().rollback().orElseThrow().state()).isEqualTo(RollbackRecord.State.FAILED);
  }

  @Test
  void aRunThatSwitchesTheRedactingListenerOffButNotAlluresIsRefusedBeforeAnyCheck() {
    EngineExecutionResults refused =
        run(
            Baseline.class,
            Map.of(),
            Map.of(AllureListeners.DEACTIVATE, "io.intelgraph.cutover.junit.Redacting*"));

    refused
        .allEvents()
        .assertThatEvents()
        .haveAtLeastOne(
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("refused: the redacting Allure listener")
                                && m.contains(
                                    "switch off io.qameta.allure.junitplatform.AllureJunitPlatform"
                                        + " instead")))));
    refused.testEvents().assertStatistics(stats -> stats.succeeded(0));
    assertThat(ledgerFile).as("nothing was opened").doesNotExist();
  }

  @Test
  void aPhaseAfterARollbackFailsWithTheReasonUntilANewAttempt() {
    seed(PhaseTableTest::locked);
    run(RedGate.class, Map.of());

    EngineExecutionResults refused = run(Kpi.class, Map.of());

    refused
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Kpi"),
                finishedWithFailure(
                    instanceOf(PhaseRefusedException.class),
                    message(
                        m ->
                            m.startsWith(
                                    "refused: release v1.0.0-GA was rolled back, rollback DONE_UNHEALTHY (requested ")
                                && m.contains("api_p95 breached twice")
                                && m.contains("stable still UNHEALTHY")
                                && m.contains("stable was not proven healthy: no judgement yet")
                                && m.endsWith("start a new attempt with -Dcutover.attempt=new")))));
    refused.allEvents().assertStatistics(stats -> stats.skipped(0));
    refused.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(ledger().phases())
        .extracting(PhaseResult::phase, PhaseResult::status)
        .endsWith(
            org.assertj.core.groups.Tuple.tuple("gate", PhaseResult.Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("kpi", PhaseResult.Status.REFUSED));

    EngineExecutionResults fresh = run(Evidence.class, Map.of("cutover.attempt", "new"));

    fresh.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    assertThat(ledger().rollback()).isEmpty();
    assertThat(ledger().attempt())
        .as("the new attempt's number, counted from the archived one")
        .isEqualTo(2);
    assertThat(ledger().phases())
        .singleElement()
        .extracting(PhaseResult::status)
        .isEqualTo(PhaseResult.Status.PASSED);
  }

  @Test
  void evidenceRunsAfterARollbackAndRecordsItsFailedLines() {
    seed(PhaseTableTest::locked);
    run(RedGate.class, Map.of());

    EngineExecutionResults evidence = run(EvidenceWithAFailedLine.class, Map.of());

    evidence
        .testEvents()
        .assertStatistics(stats -> stats.started(2).failed(1).succeeded(1).skipped(0));
    assertThat(ledger().phases())
        .last()
        .satisfies(
            p -> {
              assertThat(p.phase()).isEqualTo("evidence");
              assertThat(p.status()).isEqualTo(PhaseResult.Status.FAILED);
              assertThat(p.lines().passed()).isEqualTo(1);
              assertThat(p.lines().failed()).isEqualTo(1);
            });
  }

  /**
   * Each prerequisite missing: the phase fails (never a skip) with the missing phase and the
   * command that fixes it.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("missingPrerequisites")
  void aPhaseWithoutItsPrerequisiteFailsTheBuildWithTheMissingPhaseAndTheCommand(
      String name,
      Class<?> fixture,
      java.util.function.UnaryOperator<Ledger> ledger,
      String missing) {
    seed(ledger);

    EngineExecutionResults results = run(fixture, Map.of());

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(fixture.getSimpleName()),
                finishedWithFailure(
                    instanceOf(PhaseRefusedException.class),
                    message(m -> m.startsWith("refused: ") && containsAll(m, missing)))));
    results.allEvents().assertStatistics(stats -> stats.skipped(0));
    results.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(ledger().phases())
        .last()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PhaseResult.Status.REFUSED);
              assertThat(containsAll(p.summary(), missing)).as(p.summary()).isTrue();
            });
  }

  /** {@code %s} in the expected text stands for the attempt id, which each run draws anew. */
  private static boolean containsAll(String message, String expected) {
    return java.util.Arrays.stream(expected.split("%s")).allMatch(message::contains);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments>
      missingPrerequisites() {
    java.util.function.UnaryOperator<Ledger> fresh = l -> l;
    java.util.function.UnaryOperator<Ledger> preflightOnly =
        l -> l.withPhase(PhaseTableTest.passed(Phase.PREFLIGHT));
    java.util.function.UnaryOperator<Ledger> baselineOnly =
        l -> l.withPhase(PhaseTableTest.passed(Phase.BASELINE));
    java.util.function.UnaryOperator<Ledger> ready =
        l ->
            l.withPhase(PhaseTableTest.passed(Phase.BASELINE))
                .withPhase(PhaseTableTest.passed(Phase.PREFLIGHT));
    String env = "-Dcutover.env=selftest";
    return java.util.stream.Stream.of(
            org.junit.jupiter.params.provider.Arguments.of(
                "canary without baseline",
                Canary.class,
                preflightOnly,
                "needs a baseline phase that passed, and attempt %s has none in the ledger; run it first: mvn verify -Pcutover "
                    + env
                    + " -Dgroups=baseline"),
            org.junit.jupiter.params.provider.Arguments.of(
                "canary without preflight",
                Canary.class,
                baselineOnly,
                "needs a preflight phase that passed, and attempt %s has none in the ledger; run it first: mvn verify -Pcutover "
                    + env
                    + " -Dgroups=preflight"),
            org.junit.jupiter.params.provider.Arguments.of(
                "ramp without canary",
                Ramp.class,
                ready,
                "the ramp phase needs a canary phase that passed, and attempt %s has none in the ledger; run it first: mvn verify -Pcutover "
                    + env
                    + " -Dgroups=canary"),
            org.junit.jupiter.params.provider.Arguments.of(
                "gate without the lock",
                Gate.class,
                fresh,
                "the gate phase needs the ramp's locked 100 % step, but attempt %s has no traffic step at all; run the ramp to its lock first: mvn verify -Pcutover "
                    + env
                    + " -Dgroups=ramp"),
            org.junit.jupiter.params.provider.Arguments.of(
                "kpi without the lock",
                Kpi.class,
                fresh,
                "the kpi phase needs the ramp's locked 100 % step"),
            org.junit.jupiter.params.provider.Arguments.of(
                "closeout without the lock",
                Closeout.class,
                fresh,
                "the closeout phase needs the ramp's locked 100 % step"))
        .map(arguments -> arguments);
  }

  @Test
  void aFailedPreflightRefusesTheCanaryInTheSameRunAndTheCanaryNeverRuns() {
    Canary.RAN.clear();
    EngineExecutionResults results =
        runAll(List.of(Baseline.class, FailingPreflight.class, Canary.class));

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Canary"),
                finishedWithFailure(
                    instanceOf(PhaseRefusedException.class),
                    message(
                        m ->
                            m.startsWith(
                                    "refused: the canary phase needs a preflight phase that passed, but "
                                        + FailingPreflight.class.getName()
                                        + " ended FAILED at ")
                                && m.endsWith("-Dgroups=preflight")))));
    assertThat(Canary.RAN).isEmpty();
    assertThat(ledger().phases())
        .extracting(PhaseResult::phase, PhaseResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("baseline", PhaseResult.Status.PASSED),
            org.assertj.core.groups.Tuple.tuple("preflight", PhaseResult.Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("canary", PhaseResult.Status.REFUSED));
  }

  @Test
  void aPhaseWithSkippedLinesIsPassedWithSkipsCountsThemAndDoesNotOpenTheCanary() {
    run(Baseline.class, Map.of());
    run(PreflightWithASkip.class, Map.of());

    assertThat(ledger().phases())
        .last()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PhaseResult.Status.PASSED_WITH_SKIPS);
              assertThat(p.lines())
                  .isEqualTo(
                      new PhaseResult.Lines(
                          1,
                          0,
                          2,
                          List.of(
                              "'opaDecision()' disabled: not configured: endpoints.opa",
                              "'backupAge()' aborted: Assumption failed: no backup catalog configured")));
              assertThat(p.summary()).isEqualTo("3 lines: 1 passed, 0 failed, 2 skipped");
            });

    EngineExecutionResults canary = run(Canary.class, Map.of());

    canary
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Canary"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("ended PASSED_WITH_SKIPS")
                                && m.contains(
                                    "skipped: 'opaDecision()' disabled: not configured: endpoints.opa")))));
  }

  @Test
  void aFailedBlockingCheckSkipsTheRestOfItsPhase() throws IOException {
    seed(PhaseTableTest::readyForCanary);
    EngineExecutionResults results = run(BlockedCanary.class, Map.of());

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("canaryTakesTraffic"),
                skippedWithReason(
                    "skipped: blocking check 'rolloutCompletes' failed: canary rollout exceeded its progress deadline")));
    assertThat(rollbacksRun()).isZero();
  }

  @Test
  void aCorruptLedgerFailsThePhaseBeforeAnyCheckWithWhereAndTheFix() throws IOException {
    Files.writeString(ledgerFile, "{\"schemaVersion\": 1, \"releaseTag\": \"v1.0.0-GA\", ");

    EngineExecutionResults results = run(Evidence.class, Map.of());

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Evidence"),
                finishedWithFailure(
                    instanceOf(LedgerException.class),
                    message(
                        m ->
                            m.startsWith("ledger " + ledgerFile + " is corrupt: not valid JSON")
                                && m.contains("-Dcutover.attempt=new")))));
    assertThat(ledgerFile).hasContent("{\"schemaVersion\": 1, \"releaseTag\": \"v1.0.0-GA\", ");
  }

  @Test
  void anInvalidEnvironmentFailsEveryPhaseWithTheConfigurationMessage() {
    EngineExecutionResults results =
        run(Evidence.class, Map.of("cutover.cadence.canary_weight", "none"));

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Evidence"),
                finishedWithFailure(
                    instanceOf(ConfigException.class),
                    message(
                        m ->
                            m.contains(
                                "`cadence.canary_weight` 'none' is invalid; expected a whole number, e.g. 3")))));
  }

  @Test
  void aPinnedAttemptThatIsNotTheLedgersIsRefused() {
    run(Evidence.class, Map.of());

    EngineExecutionResults results =
        run(Evidence.class, Map.of("cutover.attempt", "20260101T000000Z-abcdef"));

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Evidence"),
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith(
                                "-Dcutover.attempt=20260101T000000Z-abcdef, but ledger "
                                    + ledgerFile
                                    + " holds attempt ")))));
    assertThat(List.of(ledger().phases().size())).containsExactly(1);
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class InconclusiveCritical {
    @Test
    @Critical
    void securityGoldens() {
      throw new InconclusiveCheckException(
          "security goldens not run: the ingress cannot be read (connection refused)");
    }
  }

  @Test
  void aCriticalCheckThatCouldNotJudgeFailsWithoutRedOrRollback() throws IOException {
    EngineExecutionResults results = run(InconclusiveCritical.class, Map.of());

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("securityGoldens"),
                finishedWithFailure(
                    instanceOf(InconclusiveCheckException.class),
                    message(
                        "security goldens not run: the ingress cannot be read (connection refused)"))));
    assertThat(rollbacksRun()).isZero();
    assertThat(ledger().rollback()).isEmpty();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
  }

  // ---- the halt policy (rollback.on_halt): no canary left serving unwatched
  // ----------------------

  /** T-0 as the run of show does it: the canary takes its 20 %, then a golden fails. */
  @CanaryPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class CanaryFailingAGolden {
    @Test
    @Order(1)
    void canaryTakesItsWeight(LedgerStore ledger) {
      ledger.update(
          l ->
              l.withTraffic(
                  new io.intelgraph.cutover.ledger.TrafficStep(
                      20, "canary", java.time.Instant.now())));
    }

    @Test
    @Order(2)
    void subscription() {
      throw new AssertionError("subscription golden: no event within 5 s");
    }
  }

  /** T-0 passed: the canary keeps its 20 % for the ramp's job, as the runbook intends. */
  @CanaryPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class CanaryPassingAtTwenty {
    @Test
    void canaryTakesItsWeight(LedgerStore ledger) {
      ledger.update(
          l ->
              l.withTraffic(
                  new io.intelgraph.cutover.ledger.TrafficStep(
                      20, "canary", java.time.Instant.now())));
    }
  }

  /** The gate job on a held canary: the phase table let it run, and it sees the hold. */
  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class GateOnAHeldCanary {
    static final List<String> SAW = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void watchesTheHeldCanary(LedgerStore ledger) {
      SAW.add(
          ledger
              .read()
              .heldCanary()
              .map(io.intelgraph.cutover.ledger.HaltRecord::summary)
              .orElse("no hold"));
    }
  }

  @Test
  void aCanaryWhoseGoldenFailedIsRolledBackWithTheHaltAsTheReason() throws IOException {
    seed(PhaseTableTest::readyForCanary);
    run(CanaryFailingAGolden.class, Map.of())
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(1));

    assertThat(cluster.ingressWeights())
        .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(rollbacksRun()).isEqualTo(1);
    Ledger ledger = ledger();
    assertThat(ledger.rollback())
        .get()
        .satisfies(
            r -> {
              // selftest serves nothing, so stable is never proven healthy: the rollback took hold
              // and ends DONE_UNHEALTHY
              assertThat(r.state()).isEqualTo(RollbackRecord.State.DONE_UNHEALTHY);
              assertThat(r.reason())
                  .startsWith("halted: the canary phase ended FAILED at ")
                  .contains(
                      "first failure subscription: subscription golden: no event within 5 s",
                      "leaving the canary at 20 % short of the locked 100 %");
              assertThat(r.triggeredBy())
                  .isEqualTo("halt policy (rollback.on_halt: rollback) after phase canary");
            });
    assertThat(ledger.halt())
        .get()
        .satisfies(
            h -> {
              assertThat(h.policy()).isEqualTo(io.intelgraph.cutover.config.HaltPolicy.ROLLBACK);
              assertThat(h.canaryPercent()).isEqualTo(20);
              assertThat(h.phase()).isEqualTo("canary");
            });
    assertThat(ledger.trafficOwner())
        .as("the canary phase gave its traffic owner lease back")
        .isEmpty();
  }

  @Test
  void aCanaryThatPassedKeepsItsTwentyPercentForTheRamp() throws IOException {
    seed(PhaseTableTest::readyForCanary);
    run(CanaryPassingAtTwenty.class, Map.of())
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(0));

    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(rollbacksRun()).isZero();
    assertThat(ledger().rollback()).isEmpty();
    assertThat(ledger().halt()).isEmpty();
  }

  @Test
  void aHeldCanaryKeepsItsWeightAndTheGateJobWatchesItInsteadOfRefusing() throws IOException {
    seed(PhaseTableTest::readyForCanary);
    GateOnAHeldCanary.SAW.clear();
    run(List.of(CanaryFailingAGolden.class), Map.of("cutover.rollback.on_halt", "hold"), Map.of());

    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(rollbacksRun()).isZero();
    assertThat(ledger().rollback()).isEmpty();
    assertThat(ledger().heldCanary())
        .get()
        .satisfies(
            h ->
                assertThat(h.summary())
                    .startsWith("canary HELD at 20 % since ")
                    .contains("(the canary phase ended FAILED at "));

    // the scheduled gate job, -Dgroups=gate: not refused without the lock, it runs on the held
    // canary
    EngineExecutionResults gate =
        run(List.of(GateOnAHeldCanary.class), Map.of("cutover.rollback.on_halt", "hold"), Map.of());
    gate.containerEvents().assertStatistics(stats -> stats.failed(0));
    gate.testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertThat(GateOnAHeldCanary.SAW).singleElement().asString().startsWith("canary HELD at 20 %");
    assertThat(ledger().latestResults("gate"))
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo(PhaseResult.Status.PASSED));

    // a RED while held rolls back as any RED does; the gate job is refused from then on
    run(RedGate.class, Map.of("cutover.rollback.on_halt", "hold"));
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 0);
    assertThat(ledger().heldCanary()).isEmpty();
  }

  @Test
  void aCanaryLeftByARunnerThatDiedIsRolledBackByTheNextRunThatOpensTheLedger() throws IOException {
    java.time.Instant died = java.time.Instant.now().minusSeconds(30);
    seed(
        l ->
            PhaseTableTest.readyForCanary(l)
                .withTraffic(new io.intelgraph.cutover.ledger.TrafficStep(20, "canary", died))
                .withTrafficOwner(
                    java.util.Optional.of(
                        new io.intelgraph.cutover.ledger.TrafficOwner(
                            "canary",
                            io.intelgraph.cutover.ledger.RollbackLease.grant(
                                "4711@ci-7/canary", died, java.time.Duration.ofSeconds(2))))));

    run(Evidence.class, Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));

    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 0);
    assertThat(rollbacksRun()).isEqualTo(1);
    assertThat(ledger().rollback())
        .get()
        .satisfies(
            r -> {
              assertThat(r.reason())
                  .startsWith(
                      "halted: the canary phase that set 20 % at "
                          + died
                          + " ended without a result: its runner died"
                          + " (lease of 4711@ci-7/canary expired at ");
              assertThat(r.triggeredBy())
                  .isEqualTo("halt policy (rollback.on_halt: rollback) when the session opened");
            });
  }

  @Test
  void aCanaryWhosePhaseIsStillRunningElsewhereIsLeftAlone() throws IOException {
    java.time.Instant now = java.time.Instant.now();
    seed(
        l ->
            PhaseTableTest.readyForCanary(l)
                .withTraffic(new io.intelgraph.cutover.ledger.TrafficStep(20, "canary", now))
                .withTrafficOwner(
                    java.util.Optional.of(
                        new io.intelgraph.cutover.ledger.TrafficOwner(
                            "canary",
                            io.intelgraph.cutover.ledger.RollbackLease.grant(
                                "4711@ci-7/canary", now, java.time.Duration.ofMinutes(5))))));

    run(Evidence.class, Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(1));

    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(ledger().rollback()).isEmpty();
    assertThat(ledger().halt()).isEmpty();
  }
}
