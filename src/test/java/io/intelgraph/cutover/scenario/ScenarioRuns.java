package io.intelgraph.cutover.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.PhaseOrder;
import io.intelgraph.cutover.ledger.FileLedgerStore;
import io.intelgraph.cutover.ledger.GateRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs the run of show against the embedded sandbox for the scenario tests and reads their end
 * state from the ledger. Each {@link #execute} is one Maven run of the cutover: the run-of-show
 * classes in phase order, resumed from the scenario's ledger, with the scenario's evidence in its
 * own directory under {@code target/scenarios}.
 *
 * <p>The scenarios run on a tighter clock than the sandbox's own ({@link #CADENCE}): an 8 s rate
 * window (the sandbox's traffic still puts well over each gate's {@code min_traffic} into it) and
 * the soak that goes with it. The rules, thresholds and streaks are the sandbox's; only the time
 * each judgement waits for a window of its own shrinks. Each scenario class runs in its own JVM
 * (failsafe forks), so the system properties a run sets are that class's alone.
 */
final class ScenarioRuns {

  static final String PACKAGE = "io.intelgraph.cutover.runofshow.";
  static final List<String> UP_TO_CANARY =
      List.of("T30BaselineTest", "T15PreflightTest", "T0CanaryTest");
  static final List<String> UP_TO_RAMP =
      Stream.concat(UP_TO_CANARY.stream(), Stream.of("RampTest")).toList();
  static final List<String> RUN_OF_SHOW =
      Stream.concat(UP_TO_RAMP.stream(), Stream.of("GateCheckTest")).toList();
  static final String RELEASE = "v1.0.0-GA";
  static final Path ROOT = Path.of("target", "scenarios");

  /**
   * The scenarios' clock: windows of 8 s at the sandbox's 1 s scrapes; a step soaks one window plus
   * two scrapes. The gate checks count from the lock (their lines say so: "due lock + 5s"), since
   * the tighter ramp locks at a time of its own and the scenarios judge verdict paths, not the
   * runbook's clock, which the sandbox's own run of show keeps.
   */
  static final Map<String, String> CADENCE =
      Map.of(
          "cutover.cadence.rate_window", "8s",
          "cutover.cadence.soak", "8s",
          "cutover.cadence.clock_from", "lock",
          "cutover.cadence.gate_checks_at", "T+15 at 5s, T+30 at 10s, T+60 at 15s");

  private ScenarioRuns() {}

  /** What one scenario left behind: the executions' events and the ledger. */
  record Outcome(
      String scenario, List<EngineExecutionResults> executions, Ledger ledger, Duration took) {
    List<String> failures() {
      return executions.stream()
          .flatMap(r -> r.testEvents().failed().stream())
          .map(ScenarioRuns::describe)
          .toList();
    }

    /**
     * The phase classes that failed outside their checks (refused, a session that did not open, a
     * phase broken before its first line): some of those run no check and record no phase result,
     * so only the class's own failure says why.
     */
    List<String> classFailures() {
      return executions.stream()
          .flatMap(r -> r.containerEvents().failed().stream())
          .filter(
              e ->
                  e.getTestDescriptor()
                      .getSource()
                      .filter(ClassSource.class::isInstance)
                      .isPresent())
          .map(ScenarioRuns::describe)
          .toList();
    }
  }

  static Outcome run(String scenario, String fault, List<String> classes) {
    return run(scenario, fault, classes, Map.of());
  }

  /**
   * One fresh attempt of the scenario: its directory emptied, then one execution of these classes.
   */
  static Outcome run(
      String scenario, String fault, List<String> classes, Map<String, String> overrides) {
    Instant start = Instant.now();
    reset(scenario);
    Map<String, String> properties = new HashMap<>(overrides);
    properties.put("cutover.attempt", "new");
    properties.put("sandbox.fault", fault);
    EngineExecutionResults results = execute(scenario, properties, classes);
    Outcome outcome =
        new Outcome(
            scenario, List.of(results), ledger(scenario), Duration.between(start, Instant.now()));
    System.out.printf("[scenario] %s took %d s%n", scenario, outcome.took().toSeconds());
    return outcome;
  }

  /**
   * One Maven run of the cutover: these run-of-show classes in phase order, against the sandbox and
   * the scenario's ledger; the system properties are restored afterwards.
   */
  static EngineExecutionResults execute(
      String scenario, Map<String, String> extra, List<String> classes) {
    Map<String, String> properties = new LinkedHashMap<>(CADENCE);
    properties.put("cutover.env", "sandbox");
    properties.put("cutover.ledger.path", ledgerPath(scenario).toString());
    // the scenario's evidence and bundle stay in its own directory
    properties.put(
        "cutover.evidence.directory",
        ROOT.resolve(scenario).resolve("cutover-evidence").toString());
    properties.put("sandbox.fault", "");
    properties.put("cutover.attempt", "");
    properties.putAll(extra);
    Map<String, String> previous = new HashMap<>();
    properties.keySet().forEach(key -> previous.put(key, System.getProperty(key)));
    properties.forEach(System::setProperty);
    try {
      return EngineTestKit.engine("junit-jupiter")
          .selectors(
              classes.stream()
                  .map(name -> selectClass(PACKAGE + name))
                  .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
          .configurationParameter(
              "junit.jupiter.testclass.order.default", PhaseOrder.class.getName())
          .execute();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value == null) System.clearProperty(key);
            else System.setProperty(key, value);
          });
    }
  }

  static Path ledgerPath(String scenario) {
    return ROOT.resolve(scenario).resolve("ledger.json");
  }

  static void reset(String scenario) {
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

  static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the ledger %s as %s".formatted(from, to), e);
    }
  }

  static Ledger ledger(String scenario) {
    return new FileLedgerStore(ledgerPath(scenario).toAbsolutePath(), RELEASE, Clock.systemUTC())
        .read();
  }

  // ---- reading the end state
  // ----------------------------------------------------------------------

  /**
   * What a healthy run of show leaves, however its phases were split into runs: no failed check, no
   * rollback, every phase PASSED, the three gate checks of the cadence, every gate that judges the
   * release GREEN at its latest check (a shadow gate judges nothing), and traffic moved 20 -> 40 ->
   * 60 -> 80 -> 100 % and locked there.
   */
  static void assertHealthyCutover(Outcome run) {
    Ledger ledger = run.ledger();
    assertThat(run.failures()).as("failed checks of the healthy run %s", run.scenario()).isEmpty();
    assertThat(run.classFailures())
        .as("phases of the healthy run %s that failed outside their checks", run.scenario())
        .isEmpty();
    assertThat(ledger.rollback()).as("rollback of the healthy run").isEmpty();
    assertThat(statuses(ledger)).as("phase results").containsExactlyEntriesOf(allPassed());
    assertThat(ledger.checks("gate")).as("gate checks recorded").hasSize(3);
    assertThat(latestVerdicts(ledger))
        .as("latest verdict per gate")
        .isNotEmpty()
        .allSatisfy((gate, verdict) -> assertThat(verdict).as(gate).isEqualTo(Verdict.GREEN));
    assertThat(ledger.traffic())
        .extracting(TrafficStep::canaryPercent, TrafficStep::phase)
        .containsExactly(
            tuple(20, "canary"),
            tuple(40, "ramp"),
            tuple(60, "ramp"),
            tuple(80, "ramp"),
            tuple(100, "ramp"),
            tuple(100, "locked"));
  }

  /** The latest status of each phase, by tag. */
  static Map<String, PhaseResult.Status> statuses(Ledger ledger) {
    Map<String, PhaseResult.Status> statuses = new LinkedHashMap<>();
    ledger.phases().forEach(p -> statuses.put(p.phase(), p.status()));
    return statuses;
  }

  static Map<String, PhaseResult.Status> allPassed() {
    Map<String, PhaseResult.Status> statuses = new LinkedHashMap<>();
    List.of("baseline", "preflight", "canary", "ramp", "gate")
        .forEach(p -> statuses.put(p, PhaseResult.Status.PASSED));
    return statuses;
  }

  /** The messages of the phases refused in one execution: failed containers, never skipped ones. */
  static List<String> refusals(EngineExecutionResults results) {
    assertThat(results.containerEvents().skipped().count())
        .as("skipped phases (a refusal must fail)")
        .isZero();
    return results.containerEvents().failed().stream()
        .map(
            e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
        .flatMap(Optional::stream)
        .filter(t -> t.getClass().getSimpleName().equals("PhaseRefusedException"))
        .map(Throwable::getMessage)
        .toList();
  }

  /** The verdict of each judging gate's latest record; shadow gates' records are left out. */
  static Map<String, Verdict> latestVerdicts(Ledger ledger) {
    return ledger.gates().stream()
        .filter(g -> !g.shadow())
        .collect(
            Collectors.toMap(
                GateRecord::gate, GateRecord::verdict, (older, newer) -> newer, TreeMap::new));
  }

  static String describe(Event event) {
    String message =
        event
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::getMessage)
            .orElse("");
    return event.getTestDescriptor().getDisplayName() + ": " + message;
  }
}
