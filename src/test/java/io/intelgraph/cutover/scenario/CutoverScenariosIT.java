package io.intelgraph.cutover.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.PhaseOrder;
import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The run of show end to end against the embedded sandbox, once per fault scenario, judged by the
 * end state in the ledger: the verdicts, the rollback (exactly one, or none) and the phases refused.
 * Each {@link EngineTestKit} execution is one Maven run of the cutover: a fresh sandbox resumed from
 * the ledger, so "phases as separate executions" is what CI does with one job per phase.
 *
 * <p>Cost: each execution starts a sandbox (~6 s) and warms one rate window (15 s), then runs its
 * phases with the sandbox's compressed cadence. The healthy single run is shared by the two tests
 * that need it.
 */
class CutoverScenariosIT {

  private static final String PACKAGE = "io.intelgraph.cutover.runofshow.";
  private static final List<String> UP_TO_CANARY = List.of("T30BaselineTest", "T15PreflightTest", "T0CanaryTest");
  private static final List<String> UP_TO_RAMP = Stream.concat(UP_TO_CANARY.stream(), Stream.of("RampTest")).toList();
  private static final List<String> RUN_OF_SHOW = Stream.concat(UP_TO_RAMP.stream(), Stream.of("GateCheckTest")).toList();
  private static final String RELEASE = "v1.0.0-GA";
  private static final Path ROOT = Path.of("target", "scenarios");

  private static Outcome healthy;
  private static Outcome separatePhases;

  /** What one scenario left behind: the executions' events and the ledger. */
  record Outcome(String scenario, List<EngineExecutionResults> executions, Ledger ledger, Duration took) {
    List<String> failures() {
      return executions.stream().flatMap(r -> r.testEvents().failed().stream()).map(CutoverScenariosIT::describe).toList();
    }

    List<String> skipped() {
      return executions.stream().flatMap(r -> r.allEvents().skipped().stream())
          .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(String.class).orElse("")).toList();
    }
  }

  // ---- scenarios -------------------------------------------------------------------------------

  @Test
  void aHealthyCutoverIsGreenWithoutRollback() {
    Outcome run = healthy();

    assertThat(run.failures()).as("failed checks of the healthy run").isEmpty();
    assertThat(run.ledger().rollback()).as("rollback of the healthy run").isEmpty();
    assertThat(statuses(run.ledger())).as("phase results").containsExactlyEntriesOf(allPassed());
    assertThat(run.ledger().checks("gate")).as("gate checks recorded").hasSize(3);
    assertThat(latestVerdicts(run.ledger())).as("latest verdict per gate").isNotEmpty()
        .allSatisfy((gate, verdict) -> assertThat(verdict).as(gate).isEqualTo(Verdict.GREEN));
    assertThat(run.ledger().traffic()).extracting(TrafficStep::canaryPercent, TrafficStep::phase)
        .endsWith(org.assertj.core.groups.Tuple.tuple(100, "ramp"), org.assertj.core.groups.Tuple.tuple(100, "locked"));
  }

  @Test
  void phasesAsSeparateExecutionsGiveTheSameVerdictsAsOne() {
    Outcome separate = separatePhases();
    Outcome single = healthy();

    assertThat(separate.failures()).as("failed checks when each phase is its own run").isEmpty();
    assertThat(separate.ledger().rollback()).isEmpty();
    assertThat(statuses(separate.ledger())).isEqualTo(statuses(single.ledger()));
    assertThat(latestVerdicts(separate.ledger())).isEqualTo(latestVerdicts(single.ledger()));
    assertThat(separate.ledger().checks("gate")).hasSameSizeAs(single.ledger().checks("gate"));
    assertThat(separate.ledger().traffic()).extracting(TrafficStep::canaryPercent)
        .isEqualTo(single.ledger().traffic().stream().map(TrafficStep::canaryPercent).toList());
  }

  @Test
  void canary5xxAt60IsRedAtThatStepAndRollsBackOnce() {
    Outcome run = run("canary-5xx-at-60", "canary-5xx@60", RUN_OF_SHOW);
    Ledger ledger = run.ledger();

    Instant at60 = ledger.traffic().stream().filter(s -> s.canaryPercent() == 60).map(TrafficStep::at).findFirst()
        .orElseThrow(() -> new AssertionError("the ramp never reached 60 %: " + ledger.traffic() + "; failures " + run.failures()));
    List<GateRecord> red = ledger.gates().stream().filter(g -> g.verdict() == Verdict.RED).toList();
    assertThat(red).as("RED records").isNotEmpty().allSatisfy(g -> {
      assertThat(g.phase()).isEqualTo("ramp");
      assertThat(g.at()).isAfter(at60);
      assertThat(g.streak()).isEqualTo(2);
    });
    assertThat(red).extracting(GateRecord::gate).contains("error_ratio_5xx");
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).doesNotContain(80, 100);

    RollbackRecord rollback = ledger.rollback().orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
    assertThat(rollback.state()).as(rollback.summary()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(rollback.reason()).contains("ramp check", "error_ratio_5xx", "second consecutive failure", "threshold <= 1 %");
    assertThat(rollback.actions()).as("rollback actions").anySatisfy(action -> {
      assertThat(action.status()).isEqualTo(ActionResult.Status.DONE);
      assertThat(action.detail()).containsPattern("now \\{[^}]*intelgraph-api=100");
    });
    assertThat(rollback.verification()).hasValueSatisfying(v -> assertThat(v.passed()).as(v.checks().toString()).isTrue());
    assertThat(run.failures()).as("checks that failed with the rollback").filteredOn(f -> f.contains("RED:")).hasSize(1);

    assertThat(statuses(ledger)).containsEntry("ramp", PhaseResult.Status.FAILED).containsEntry("gate", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0))).as("phases after the rollback fail, never skip")
        .anySatisfy(refusal -> assertThat(refusal).contains("refused: release " + RELEASE + " was rolled back"));

    // the next CI job, -Dgroups=ramp: refused, and the refusal fails the run
    EngineExecutionResults ramp = execute(run.scenario(), Map.of(), List.of("RampTest"));
    assertThat(refusals(ramp)).singleElement().asString().contains("rolled back", "-Dcutover.attempt=new");
    ramp.testEvents().assertStatistics(stats -> stats.started(0));

    // -Dgroups=evidence: runs after the rollback and seals the bundle of this failed attempt
    EngineExecutionResults evidence = execute(run.scenario(), Map.of(), List.of("T120EvidenceTest"));
    Ledger after = ledger(run.scenario());
    assertThat(after.latestResults("evidence")).as("evidence phase of the rolled-back attempt").singleElement()
        .satisfies(p -> assertThat(p.status()).isNotEqualTo(PhaseResult.Status.REFUSED));
    evidence.testEvents().assertThatEvents().as("the bundle of the failed attempt is sealed and verifies")
        .haveExactly(1, org.junit.platform.testkit.engine.EventConditions.event(
            org.junit.platform.testkit.engine.EventConditions.test("evidenceBundle"), org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()))
        .haveExactly(1, org.junit.platform.testkit.engine.EventConditions.event(
            org.junit.platform.testkit.engine.EventConditions.test("releaseArtifactsAttached"), org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()));
    Path bundle = ROOT.resolve(run.scenario()).resolve("cutover-evidence-" + RELEASE + ".zip");
    assertThat(bundle).exists();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
      String sealedLedger = new String(zip.getInputStream(zip.stream().filter(e -> e.getName().startsWith("evidence/evidence/") && e.getName().contains("ledger"))
          .findFirst().orElseThrow(() -> new AssertionError("no ledger in " + bundle))).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(sealedLedger).as("the sealed ledger is the failed attempt's, with its rollback")
          .contains(after.attemptId(), "\"rollback\"", "DONE");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aFailingPreflightLineRefusesTheCanaryAndMovesNoTraffic() {
    Outcome run = run("failing-preflight", "", UP_TO_CANARY, Map.of("cutover.preflight.max_dns_ttl", "1s"));
    Ledger ledger = run.ledger();

    assertThat(statuses(ledger)).containsEntry("preflight", PhaseResult.Status.FAILED).containsEntry("canary", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0))).singleElement().asString()
        .startsWith("refused: the canary phase needs a preflight phase that passed, but io.intelgraph.cutover.runofshow.T15PreflightTest ended FAILED")
        .endsWith("-Dcutover.env=sandbox -Dgroups=preflight");
    assertThat(ledger.traffic()).as("traffic steps after a failed preflight").isEmpty();
    assertThat(run.executions().get(0).testEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId().toString()))
        .as("canary checks started").noneMatch(id -> id.contains("T0CanaryTest"));
  }

  @Test
  void aBriefSpikeAt40IsYellowAndTheRampCarriesOn() {
    Outcome run = run("brief-spike-at-40", "brief-spike@40", UP_TO_RAMP);
    Ledger ledger = run.ledger();

    assertThat(ledger.gates()).as("records of the ramp")
        .anySatisfy(g -> {
          assertThat(g.phase()).isEqualTo("ramp");
          assertThat(g.verdict()).isEqualTo(Verdict.YELLOW);
          assertThat(g.streak()).isEqualTo(1);
        })
        .noneSatisfy(g -> assertThat(g.verdict()).isEqualTo(Verdict.RED));
    assertThat(ledger.rollback()).as("rollback after a brief spike").isEmpty();
    assertThat(run.failures()).isEmpty();
    assertThat(statuses(ledger)).containsEntry("ramp", PhaseResult.Status.PASSED);
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).contains(40, 60, 80, 100);
  }

  @Test
  void anAuthRegressionAt20IsRedAtOnce() {
    Outcome run = run("auth-regression-at-20", "auth-regression@20", UP_TO_RAMP);
    Ledger ledger = run.ledger();

    RollbackRecord rollback = ledger.rollback().orElseThrow(() -> new AssertionError("no rollback; failures " + run.failures()));
    assertThat(rollback.reason()).contains("critical");
    assertThat(rollback.state()).as(rollback.summary()).isEqualTo(RollbackRecord.State.DONE);
    assertThat(ledger.traffic()).extracting(TrafficStep::canaryPercent).as("no ramp step after the RED canary").doesNotContain(40);
    assertThat(statuses(ledger)).containsEntry("canary", PhaseResult.Status.FAILED).containsEntry("ramp", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0))).as("the ramp after the RED canary fails, never skips")
        .anySatisfy(refusal -> assertThat(refusal).contains("refused: release " + RELEASE + " was rolled back"));
  }

  /**
   * The phases up to the ramp ran healthy (the separate-phases run's ledger as it stood after its
   * ramp), then a gate phase with Prometheus down: every gate is ERROR, never GREEN; an error is no
   * evidence of harm, even on the critical auth gate, so the first check is YELLOW and the second
   * consecutive one RED.
   */
  @Test
  void prometheusDownDuringTheGatePhaseIsRedForLackOfDataNeverGreen() throws IOException {
    String scenario = "prometheus-down-at-gate";
    reset(scenario);
    Files.copy(afterRamp(separatePhases()), ledgerPath(scenario));
    assertThat(statuses(ledger(scenario))).as("the healthy ledger it resumes").containsEntry("ramp", PhaseResult.Status.PASSED);
    Instant start = Instant.now();
    EngineExecutionResults gate = execute(scenario, Map.of("sandbox.fault", "prometheus-down"), List.of("GateCheckTest"));
    Ledger ledger = ledger(scenario);
    System.out.printf("[scenario] %s took %d s%n", scenario, Duration.between(start, Instant.now()).toSeconds());

    List<GateRecord> gateRecords = ledger.gates().stream().filter(g -> g.phase().equals("gate")).toList();
    assertThat(gateRecords).as("gate checks without Prometheus").isNotEmpty().allSatisfy(g -> {
      assertThat(g.outcome()).isEqualTo(io.intelgraph.cutover.gate.Outcome.ERROR);
      assertThat(g.verdict()).isNotEqualTo(Verdict.GREEN);
      assertThat(g.value()).isEmpty();
    });
    assertThat(gateRecords).anySatisfy(g -> assertThat(g.verdict()).isEqualTo(Verdict.RED));
    RollbackRecord rollback = ledger.rollback().orElseThrow(() -> new AssertionError("no rollback without data; failures "
        + gate.testEvents().failed().stream().map(CutoverScenariosIT::describe).toList()));
    assertThat(rollback.reason()).contains("gate check #2", "ERROR", "second consecutive failure");
    assertThat(statuses(ledger)).containsEntry("gate", PhaseResult.Status.FAILED);
  }

  // ---- running ---------------------------------------------------------------------------------

  private static synchronized Outcome healthy() {
    if (healthy == null) {
      healthy = run("healthy", "", RUN_OF_SHOW);
    }
    return healthy;
  }

  /** One execution per phase, as CI runs them; the ledger after the ramp is kept as {@code after-ramp.json}. */
  private static synchronized Outcome separatePhases() {
    if (separatePhases == null) {
      String scenario = "separate-phases";
      Instant start = Instant.now();
      reset(scenario);
      List<EngineExecutionResults> executions = new java.util.ArrayList<>();
      for (String phase : RUN_OF_SHOW) {
        if (phase.equals("GateCheckTest")) copy(ledgerPath(scenario), afterRampPath(scenario));
        executions.add(execute(scenario, Map.of("cutover.attempt", executions.isEmpty() ? "new" : ""), List.of(phase)));
      }
      separatePhases = new Outcome(scenario, executions, ledger(scenario), Duration.between(start, Instant.now()));
      System.out.printf("[scenario] %s took %d s%n", scenario, separatePhases.took().toSeconds());
    }
    return separatePhases;
  }

  private static Path afterRamp(Outcome outcome) {
    return afterRampPath(outcome.scenario());
  }

  private static Path afterRampPath(String scenario) {
    return ROOT.resolve(scenario).resolve("after-ramp.json");
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the ledger %s as %s".formatted(from, to), e);
    }
  }

  private static Outcome run(String scenario, String fault, List<String> classes) {
    return run(scenario, fault, classes, Map.of());
  }

  private static Outcome run(String scenario, String fault, List<String> classes, Map<String, String> overrides) {
    Instant start = Instant.now();
    reset(scenario);
    Map<String, String> properties = new HashMap<>(overrides);
    properties.put("cutover.attempt", "new");
    properties.put("sandbox.fault", fault);
    EngineExecutionResults results = execute(scenario, properties, classes);
    Outcome outcome = new Outcome(scenario, List.of(results), ledger(scenario), Duration.between(start, Instant.now()));
    System.out.printf("[scenario] %s took %d s%n", scenario, outcome.took().toSeconds());
    return outcome;
  }

  /**
   * One Maven run of the cutover: these run-of-show classes in phase order, against a fresh sandbox
   * and the scenario's ledger; the system properties are restored afterwards.
   */
  private static EngineExecutionResults execute(String scenario, Map<String, String> extra, List<String> classes) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("cutover.env", "sandbox");
    properties.put("cutover.ledger.path", ledgerPath(scenario).toString());
    // the scenario's evidence and bundle stay in its own directory
    properties.put("cutover.evidence.directory", ROOT.resolve(scenario).resolve("cutover-evidence").toString());
    properties.put("sandbox.fault", "");
    properties.put("cutover.attempt", "");
    properties.putAll(extra);
    Map<String, String> previous = new HashMap<>();
    properties.keySet().forEach(key -> previous.put(key, System.getProperty(key)));
    properties.forEach(System::setProperty);
    try {
      return EngineTestKit.engine("junit-jupiter")
          .selectors(classes.stream().map(name -> selectClass(PACKAGE + name)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
          .configurationParameter("junit.jupiter.testclass.order.default", PhaseOrder.class.getName())
          .execute();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) System.clearProperty(key); else System.setProperty(key, value);
      });
    }
  }

  private static Path ledgerPath(String scenario) {
    return ROOT.resolve(scenario).resolve("ledger.json");
  }

  private static void reset(String scenario) {
    Path dir = ROOT.resolve(scenario);
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset scenario directory " + dir, e);
    }
  }

  private static Ledger ledger(String scenario) {
    return new FileLedgerStore(ledgerPath(scenario).toAbsolutePath(), RELEASE, Clock.systemUTC()).read();
  }

  // ---- reading the end state ----------------------------------------------------------------------

  /** The latest status of each phase, by tag. */
  private static Map<String, PhaseResult.Status> statuses(Ledger ledger) {
    Map<String, PhaseResult.Status> statuses = new LinkedHashMap<>();
    ledger.phases().forEach(p -> statuses.put(p.phase(), p.status()));
    return statuses;
  }

  private static Map<String, PhaseResult.Status> allPassed() {
    Map<String, PhaseResult.Status> statuses = new LinkedHashMap<>();
    List.of("baseline", "preflight", "canary", "ramp", "gate").forEach(p -> statuses.put(p, PhaseResult.Status.PASSED));
    return statuses;
  }

  /** The messages of the phases refused in one execution: failed containers, never skipped ones. */
  private static List<String> refusals(EngineExecutionResults results) {
    assertThat(results.containerEvents().skipped().count()).as("skipped phases (a refusal must fail)").isZero();
    return results.containerEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable))
        .flatMap(java.util.Optional::stream).filter(t -> t.getClass().getSimpleName().equals("PhaseRefusedException"))
        .map(Throwable::getMessage).toList();
  }

  /** The verdict of each gate's latest record. */
  private static Map<String, Verdict> latestVerdicts(Ledger ledger) {
    return ledger.gates().stream().collect(Collectors.toMap(GateRecord::gate, GateRecord::verdict, (older, newer) -> newer, TreeMap::new));
  }

  private static String describe(Event event) {
    String message = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    return event.getTestDescriptor().getDisplayName() + ": " + message;
  }
}
