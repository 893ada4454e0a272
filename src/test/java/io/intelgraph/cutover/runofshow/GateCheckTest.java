package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.intelgraph.cutover.assertions.CutoverAssertions;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.junit.GateChecks;
import io.intelgraph.cutover.junit.GatePhase;
import io.intelgraph.cutover.ledger.HaltRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.TrafficStep;
import io.intelgraph.cutover.preflight.PolicyEngineGate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * T+15 / T+30 / T+60: the gate checks after full traffic, every gate over all traffic.
 *
 * <p>Each run makes the next due check: its number is the gate phase's checks already in the ledger
 * plus one, so a scheduled job (one check per run, {@code cadence.watch: false}) and a watching
 * process ({@code cadence.watch: true}: every remaining check, one every {@code gate_interval})
 * continue the same count and the same streaks. The first check is due {@code gate_interval} after
 * traffic reached 100 %, each later one {@code gate_interval} after the previous (after a failed
 * check: once its rate window has moved past the failure, see {@link
 * io.intelgraph.cutover.gate.CheckCadence#followUpInterval()}).
 *
 * <p>Per check: the check itself (evaluates and records every gate), one test per runbook line, and
 * the verdict. A first failure is YELLOW (the verdict fails, nothing changes); the second
 * consecutive failure of a gate, in this run or the previous one, is RED and rolls back. No data is
 * never GREEN.
 *
 * <p>A canary held short of the lock ({@code rollback.on_halt: hold}) is watched the same way, on
 * the canary scope at its held weight: the first check is due {@code gate_interval} after the hold,
 * and a scheduled job keeps checking (one per run) until a person rolls back or starts a new
 * attempt.
 */
@GatePhase
@DisplayName("T+15 / T+30 / T+60: gate checks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateCheckTest {

  static final String PHASE = "gate";
  private static final List<String> RUNBOOK_TIMES = List.of("T+15", "T+30", "T+60");

  /** What a gate-check line is given: the run's environment, ledger and the phase's gate checks. */
  record Run(Environment environment, LedgerStore ledger, GateChecks checks) {}

  /**
   * One test of one check: the check itself, a runbook line, or the verdict; its check is one of
   * the line methods below.
   */
  record CheckLine(int number, String time, String title, Check check) {
    @FunctionalInterface
    interface Check {
      void run(GateCheckTest test, CheckLine line, Run run);
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private final Map<Integer, GateReport> reports = new HashMap<>();

  /**
   * The checks due in this run, each as the runbook lists it: the check, its five lines, the policy
   * engine, the verdict.
   */
  static Stream<CheckLine> dueChecks(Environment environment, LedgerStore ledger) {
    Ledger current = ledger.read();
    int done = current.checks(PHASE).size();
    boolean held = current.heldCanary().isPresent();
    // a held canary is watched until a person decides: a scheduled job always has its next check
    // due
    int remaining =
        held && !environment.cadence().watch() ? 1 : environment.cadence().gateChecks() - done;
    int thisRun = environment.cadence().watch() ? remaining : Math.min(1, remaining);
    String watched =
        current
            .heldCanary()
            .map(h -> "canary HELD at %d %%".formatted(h.canaryPercent()))
            .orElse("all traffic");
    return IntStream.rangeClosed(done + 1, done + thisRun)
        .boxed()
        .flatMap(
            number -> {
              String time = time(number);
              return Stream.of(
                  new CheckLine(
                      number,
                      time,
                      "%s gate check (check %d of %d, %s)"
                          .formatted(time, number, environment.cadence().gateChecks(), watched),
                      GateCheckTest::gateCheckAt),
                  new CheckLine(
                      number, time, time + ": 5xx Rate (≤ 1%)", GateCheckTest::fiveXxRate),
                  new CheckLine(number, time, time + ": API P95 (≤ 350ms)", GateCheckTest::apiP95),
                  new CheckLine(
                      number, time, time + ": Auth Errors (≤ 0.5%)", GateCheckTest::authErrors),
                  new CheckLine(
                      number, time, time + ": Kafka Lag (Stable)", GateCheckTest::kafkaLag),
                  new CheckLine(number, time, time + ": DLQ Rate (< 0.1%)", GateCheckTest::dlqRate),
                  new CheckLine(
                      number,
                      time,
                      time
                          + ": Policy engine (OPA decisions answered, the release's bundle activated; critical)",
                      GateCheckTest::policyEngine),
                  new CheckLine(
                      number,
                      time,
                      "%s verdict: GREEN / YELLOW (keep watching) / RED (second consecutive failure: roll back)"
                          .formatted(time),
                      GateCheckTest::verdict));
            });
  }

  @Test
  @Order(1)
  @DisplayName("Gate checks due in this run")
  void checksDue(Environment environment, LedgerStore ledger) {
    Ledger current = ledger.read();
    List<Instant> done = current.checks(PHASE);
    int total = environment.cadence().gateChecks();
    Assumptions.assumeTrue(
        done.size() < total || current.heldCanary().isPresent(),
        () ->
            "all %d gate checks of attempt %s are recorded (the last at %s); nothing is due"
                .formatted(
                    total, current.attemptId(), done.isEmpty() ? "-" : done.get(done.size() - 1)));
  }

  /**
   * Every due check's lines, one invocation per line: how many checks are due depends on the ledger
   * and {@code cadence.watch}, and one check's lines must run together, in order, before the next
   * check.
   */
  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dueChecks")
  @Order(2)
  @DisplayName("Gate checks")
  void gateCheck(CheckLine line, Environment environment, LedgerStore ledger, GateChecks checks) {
    line.check().run(this, line, new Run(environment, ledger, checks));
  }

  // ---- the lines of one gate check
  // ---------------------------------------------------------------

  /**
   * The check itself, once due: evaluates and records every gate over all traffic (or the held
   * canary's traffic).
   */
  private void gateCheckAt(CheckLine line, Run run) {
    Ledger current = run.ledger().read();
    run.checks()
        .awaitNextCheck(due(current, run.environment(), run.checks()), line.time() + " gate check");
    GateReport report =
        run.checks().check(current.heldCanary().isPresent() ? Scope.CANARY : Scope.ALL);
    assertThat(report.number())
        .as(
            "%s is check %d of this attempt, but the ledger %s counted it as %d: another runner checked at the same time",
            line.time(), line.number(), run.ledger().location(), report.number())
        .isEqualTo(line.number());
    reports.put(line.number(), report);
  }

  /** "5xx Rate (≤ 1%)". */
  private void fiveXxRate(CheckLine line, Run run) {
    assertGreen(line, "error_ratio_5xx");
  }

  /** "API P95 (≤ 350ms)". */
  private void apiP95(CheckLine line, Run run) {
    assertGreen(line, "api_p95");
  }

  /** "Auth Errors (≤ 0.5%)". */
  private void authErrors(CheckLine line, Run run) {
    assertGreen(line, "auth_error_ratio");
  }

  /** "Kafka Lag (Stable)": the lag below its limit and not growing. */
  private void kafkaLag(CheckLine line, Run run) {
    assertGreen(line, "kafka_lag", "kafka_lag_growth");
  }

  /** "DLQ Rate (< 0.1%)". */
  private void dlqRate(CheckLine line, Run run) {
    assertGreen(line, "dlq_ratio");
  }

  /** Runbook RED "Security/policy regression: OPA failure". */
  private void policyEngine(CheckLine line, Run run) {
    Observed.policyEngineJudged(run.environment());
    assertGreen(line, PolicyEngineGate.NAME);
  }

  /** GREEN passes; YELLOW fails and changes nothing; RED rolls back. */
  private void verdict(CheckLine line, Run run) {
    run.checks().requireGreen(report(line));
  }

  /**
   * When the next check is due: gate_interval after full traffic or the previous check; after a
   * failed check, once its window has passed.
   */
  static Instant due(Ledger ledger, Environment environment, GateChecks checks) {
    List<Instant> done = ledger.checks(PHASE);
    if (done.isEmpty()) {
      // the phase table refuses the gate phase without the lock; no lock here means the ledger
      // changed under the phase
      Instant locked =
          ledger
              .lockedStep()
              .map(TrafficStep::at)
              .or(() -> ledger.heldCanary().map(HaltRecord::at))
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "attempt %s has no locked 100 %% step and no held canary (traffic %s), so there is no time the gate checks count from; run the ramp to its lock"
                              .formatted(ledger.attemptId(), ledger.traffic())));
      return locked.plus(environment.cadence().gateInterval());
    }
    Instant previous = done.get(done.size() - 1);
    boolean failed =
        ledger.gates().stream()
            .anyMatch(
                r ->
                    r.phase().equals(PHASE)
                        && r.at().equals(previous)
                        && r.verdict() != Verdict.GREEN);
    return checks.cadence().nextCheckAfter(previous, failed);
  }

  private GateReport report(CheckLine line) {
    GateReport report = reports.get(line.number());
    if (report == null) {
      fail(
          "%s: the gate check did not run in this process, so there is nothing to judge (never GREEN)"
              .formatted(line.title()));
    }
    return report;
  }

  private void assertGreen(CheckLine line, String... gates) {
    CutoverAssertions.assertThat(report(line)).as(line.title()).hasGreenGates(gates);
  }

  private static String time(int number) {
    return number <= RUNBOOK_TIMES.size() ? RUNBOOK_TIMES.get(number - 1) : "gate check " + number;
  }
}
