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
import org.junit.jupiter.api.BeforeEach;
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
 * fabric8 CRUD mock of the cluster and a ledger file in a temporary directory. The fixtures run only
 * when selected here ({@code maestro.selftest.fixtures}).
 */
@EnableKubernetesMockClient(crud = true, https = false) // plain http: the suite verifies an https API server's certificate
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
    @Test @Order(1)
    void apiP95() {
      throw new RedVerdictException("api_p95 breached twice: 412 ms > 350 ms");
    }

    @Test @Order(2)
    void errorRatio() {
      throw new RedVerdictException("error_ratio_5xx breached twice");
    }
  }

  @GatePhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class YellowGate {
    @Test @Order(1)
    void apiP95() {
      throw new YellowVerdictException("api_p95 breached once: 380 ms > 350 ms (streak 1)");
    }

    @Test @Order(2)
    void plainFailure() {
      assertThat(2).as("kafka lag growth").isLessThan(1);
    }
  }

  @PreflightPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class CriticalPreflight {
    @Test @Critical
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
    void sharedResourcesAreResolved(Environment env, LedgerStore ledger, KubernetesClient kubernetes) {
      assertThat(env.name()).isEqualTo("selftest");
      assertThat(ledger.read().releaseTag()).isEqualTo("v1.0.0-GA");
      assertThat(kubernetes.apps().deployments().inNamespace(MockCluster.NS).withName(STABLE).get()).isNotNull();
    }
  }

  @CanaryPhase
  @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
  static class BlockedCanary {
    @Test @Order(1) @Blocking
    void rolloutCompletes() {
      throw new AssertionError("canary rollout exceeded its progress deadline");
    }

    @Test @Order(2)
    void canaryTakesTraffic() {
      throw new IllegalStateException("must not run");
    }
  }

  // ---- harness --------------------------------------------------------------------------------

  private EngineExecutionResults run(Class<?> fixture, Map<String, String> extra) {
    return run(fixture, extra, Map.of());
  }

  private EngineExecutionResults run(Class<?> fixture, Map<String, String> extra, Map<String, String> configuration) {
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
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).configurationParameters(configuration).execute();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) System.clearProperty(key); else System.setProperty(key, value);
      });
    }
  }

  /** A rollback script that counts its runs, so "exactly once" is observable outside the ledger. */
  private Path countingScript() {
    Path script = dir.resolve("count-rollback.sh");
    try {
      if (!Files.exists(script)) {
        Files.writeString(script, "#!/bin/sh\necho \"$CUTOVER_ROLLBACK_REASON\" >> " + rollbackCount + "\necho counted\n");
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

  private Ledger ledger() {
    return new FileLedgerStore(ledgerFile, "v1.0.0-GA", Clock.systemUTC()).read();
  }

  // ---- behaviour ------------------------------------------------------------------------------

  @Test
  void redRollsBackOnceAndTheCheckFailsWithTheReasonAndTheRollback() throws IOException {
    EngineExecutionResults results = run(RedGate.class, Map.of());

    results.testEvents().assertThatEvents()
        .haveExactly(1, event(test("apiP95"), finishedWithFailure(instanceOf(RedVerdictException.class),
            message(m -> m.startsWith("RED: api_p95 breached twice: 412 ms > 350 ms" + System.lineSeparator() + "rollback DONE (requested ")
                && m.contains("traffic DONE") && m.contains("now {intelgraph-api=100, intelgraph-api-canary=0}")
                && m.contains("verification passed")))))
        .haveExactly(1, event(test("errorRatio"), skippedWithReason(r -> r.startsWith("refused: release v1.0.0-GA was rolled back, rollback DONE"))));
    assertThat(cluster.ingressWeights()).containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    assertThat(cluster.routeWeights()).containsEntry(CANARY, 0);
    assertThat(cluster.replicas(CANARY)).isZero();
    assertThat(rollbacksRun()).isEqualTo(1);
    Ledger ledger = ledger();
    assertThat(ledger.rollback()).get().satisfies(r -> {
      assertThat(r.state()).isEqualTo(RollbackRecord.State.DONE);
      assertThat(r.reason()).isEqualTo("api_p95 breached twice: 412 ms > 350 ms");
      assertThat(r.triggeredBy()).endsWith("RedGate#apiP95");
      assertThat(r.dryRun()).isFalse();
    });
    assertThat(ledger.phases()).singleElement().satisfies(p -> {
      assertThat(p.phase()).isEqualTo("gate");
      assertThat(p.status()).isEqualTo(PhaseResult.Status.FAILED);
      assertThat(p.summary()).startsWith("1 checks ran, 1 failed; first failure apiP95: RED: api_p95 breached twice");
    });
  }

  @Test
  void yellowAndPlainFailuresFailTheCheckWithoutRollingBack() throws IOException {
    EngineExecutionResults results = run(YellowGate.class, Map.of());

    results.testEvents().assertStatistics(stats -> stats.started(2).failed(2).skipped(0));
    results.testEvents().assertThatEvents()
        .haveExactly(1, event(test("apiP95"), finishedWithFailure(instanceOf(YellowVerdictException.class),
            message("api_p95 breached once: 380 ms > 350 ms (streak 1)"))));
    assertThat(rollbacksRun()).isZero();
    assertThat(ledger().rollback()).isEmpty();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
  }

  @Test
  void anyFailureOfACriticalCheckIsRed() throws IOException {
    EngineExecutionResults results = run(CriticalPreflight.class, Map.of());

    results.testEvents().assertThatEvents().haveExactly(1, event(test("opaAnswers"), finishedWithFailure(
        instanceOf(RedVerdictException.class),
        message(m -> m.startsWith("RED: critical check 'opaAnswers()' failed: OPA at http://opa:8181 refused the connection")))));
    assertThat(rollbacksRun()).isEqualTo(1);
    assertThat(cluster.replicas(CANARY)).isZero();
  }

  @Test
  void aDryRunRecordsThePlanAndChangesNothing() throws IOException {
    EngineExecutionResults results = run(RedGate.class, Map.of("cutover.rollback.dry_run", "true"));

    results.testEvents().assertThatEvents().haveExactly(1, event(test("apiP95"), finishedWithFailure(
        message(m -> m.contains("rollback DONE [dry run: nothing was executed]") && m.contains("script DRY_RUN")))));
    assertThat(rollbacksRun()).isZero();
    assertThat(cluster.ingressWeights()).containsEntry(CANARY, 20);
    assertThat(cluster.replicas(CANARY)).isEqualTo(1);
    assertThat(ledger().rollback().orElseThrow().actions()).extracting(ActionResult::status).containsOnly(ActionResult.Status.DRY_RUN);
  }

  @Test
  void twoChecksGoingRedAtTheSameMomentGiveOneRollback() throws IOException {
    EngineExecutionResults results = run(TwoRedAtOnce.class, Map.of(), Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        // more workers than the two checks: the class's own task holds one while it waits for its children
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));

    results.testEvents().assertStatistics(stats -> stats.failed(2));
    results.testEvents().assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message(m -> m.contains(System.lineSeparator() + "rollback DONE")))))
        .haveExactly(1, event(finishedWithFailure(message(m -> m.contains("not run again: this attempt's rollback")))));
    assertThat(rollbacksRun()).isEqualTo(1);
  }

  @Test
  void aFailingRollbackActionFailsTheCheckWithItsReason() throws IOException {
    Path failing = dir.resolve("emergency-rollback.sh");
    Files.writeString(failing, "#!/bin/sh\necho 'kubectl: connection refused' >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));

    EngineExecutionResults results = run(RedGate.class, Map.of("cutover.rollback.script", failing + " full"));

    results.testEvents().assertThatEvents().haveExactly(1, event(test("apiP95"), finishedWithFailure(
        instanceOf(RedVerdictException.class),
        message(m -> m.contains("rollback FAILED (requested ")
            && m.contains("script FAILED (run `" + failing + " full`")
            && m.contains("exited 3; output:" + System.lineSeparator() + "kubectl: connection refused")))));
    assertThat(ledger().rollback().orElseThrow().state()).isEqualTo(RollbackRecord.State.FAILED);
  }

  @Test
  void aPhaseAfterARollbackIsRefusedWithTheReasonUntilANewAttempt() {
    run(RedGate.class, Map.of());

    EngineExecutionResults refused = run(Evidence.class, Map.of());

    refused.containerEvents().assertThatEvents().haveExactly(1, event(container("Evidence"), skippedWithReason(r ->
        r.startsWith("refused: release v1.0.0-GA was rolled back, rollback DONE (requested ")
            && r.contains("api_p95 breached twice") && r.endsWith("start a new attempt with -Dcutover.attempt=new"))));
    refused.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(ledger().phases()).extracting(PhaseResult::status).containsExactly(PhaseResult.Status.FAILED, PhaseResult.Status.REFUSED);

    EngineExecutionResults fresh = run(Evidence.class, Map.of("cutover.attempt", "new"));

    fresh.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    assertThat(ledger().rollback()).isEmpty();
    assertThat(ledger().phases()).singleElement().extracting(PhaseResult::status).isEqualTo(PhaseResult.Status.PASSED);
  }

  @Test
  void aFailedBlockingCheckSkipsTheRestOfItsPhase() throws IOException {
    EngineExecutionResults results = run(BlockedCanary.class, Map.of());

    results.testEvents().assertThatEvents().haveExactly(1, event(test("canaryTakesTraffic"),
        skippedWithReason("skipped: blocking check 'rolloutCompletes' failed: canary rollout exceeded its progress deadline")));
    assertThat(rollbacksRun()).isZero();
  }

  @Test
  void aCorruptLedgerFailsThePhaseBeforeAnyCheckWithWhereAndTheFix() throws IOException {
    Files.writeString(ledgerFile, "{\"schemaVersion\": 1, \"releaseTag\": \"v1.0.0-GA\", ");

    EngineExecutionResults results = run(Evidence.class, Map.of());

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results.containerEvents().assertThatEvents().haveExactly(1, event(container("Evidence"), finishedWithFailure(
        instanceOf(LedgerException.class),
        message(m -> m.startsWith("ledger " + ledgerFile + " is corrupt: not valid JSON") && m.contains("-Dcutover.attempt=new")))));
    assertThat(ledgerFile).hasContent("{\"schemaVersion\": 1, \"releaseTag\": \"v1.0.0-GA\", ");
  }

  @Test
  void anInvalidEnvironmentFailsEveryPhaseWithTheConfigurationMessage() {
    EngineExecutionResults results = run(Evidence.class, Map.of("cutover.cadence.gate_checks", "none"));

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results.containerEvents().assertThatEvents().haveExactly(1, event(container("Evidence"), finishedWithFailure(
        instanceOf(ConfigException.class),
        message(m -> m.contains("`cadence.gate_checks` 'none' is invalid; expected a whole number, e.g. 3")))));
  }

  @Test
  void aPinnedAttemptThatIsNotTheLedgersIsRefused() {
    run(Evidence.class, Map.of());

    EngineExecutionResults results = run(Evidence.class, Map.of("cutover.attempt", "20260101T000000Z-abcdef"));

    results.containerEvents().assertThatEvents().haveExactly(1, event(container("Evidence"), finishedWithFailure(
        message(m -> m.startsWith("-Dcutover.attempt=20260101T000000Z-abcdef, but ledger " + ledgerFile + " holds attempt ")))));
    assertThat(List.of(ledger().phases().size())).containsExactly(1);
  }
}
