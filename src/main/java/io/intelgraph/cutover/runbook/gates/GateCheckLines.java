package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateCheckOffset;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * T+15 / T+30 / T+60: the gate checks after full traffic, every gate over all traffic, as {@link
 * GateCheckLine}s, on the runbook's clock ({@link GateSchedule}).
 *
 * <p>Each run makes the next due check: its number is the gate phase's checks already in the ledger
 * plus one, so a scheduled job (one check per run, {@code cadence.watch: false}) and a watching
 * process ({@code cadence.watch: true}: every remaining check, each at its due time) continue the
 * same count and the same streaks. Check {@code n} is due {@code cadence.gate_checks_at[n]} after
 * {@code cadence.clock_from} (T-0 by default), not before the lock, and after a failed check once
 * its rate window has moved past the failure. Each check is named with its runbook time and its
 * real offset ("T+15 gate check (check 1 of 3, due T-0 + 15m, all traffic)"), and its line states
 * when it ran.
 *
 * <p>Per check: the check itself (evaluates and records every gate), one line per runbook gate, the
 * policy engine, and the verdict. A canary held short of the lock ({@code rollback.on_halt: hold})
 * is watched the same way on the canary scope at its held weight, every {@code gate_interval}; a
 * scheduled job keeps checking it (one per run) until a person rolls back or starts a new attempt.
 */
public final class GateCheckLines {

  /** The phase tag the gate checks are recorded under. */
  public static final String PHASE = "gate";

  private GateCheckLines() {}

  /**
   * The lines of every check due in this run, in the runbook's order; none when every check is
   * recorded (see {@link #checksDue}).
   */
  public static Stream<GateCheckLine> due(Environment environment, Ledger ledger) {
    int done = ledger.checks(PHASE).size();
    boolean held = ledger.heldCanary().isPresent();
    // a held canary is watched until a person decides: a scheduled job always has its next check
    // due
    int remaining =
        held && !environment.cadence().watch() ? 1 : environment.cadence().gateChecks() - done;
    int thisRun = environment.cadence().watch() ? remaining : Math.min(1, remaining);
    String watched =
        ledger
            .heldCanary()
            .map(h -> "canary HELD at %d %%".formatted(h.canaryPercent()))
            .orElse("all traffic");
    GateSchedule schedule = new GateSchedule(new CheckCadence(environment.cadence()));
    DecidedChecks decided = new DecidedChecks();
    return IntStream.rangeClosed(done + 1, done + thisRun)
        .boxed()
        .flatMap(
            number ->
                check(
                    environment,
                    number,
                    schedule.label(number, held),
                    schedule.due(ledger, number).map(d -> "due " + d.why()).orElse("not yet due"),
                    watched,
                    decided));
  }

  private static Stream<GateCheckLine> check(
      Environment environment,
      int number,
      String time,
      String due,
      String watched,
      DecidedChecks decided) {
    String total = "%s gate check (check %d of %d, %s, %s)";
    return Stream.of(
        new GateCheckLine(
            total.formatted(time, number, environment.cadence().gateChecks(), due, watched),
            (context, checks) -> checkAt(context, checks, decided, number, time)),
        gate(environment, decided, number, time + ": 5xx Rate", "error_ratio_5xx"),
        gate(environment, decided, number, time + ": API P95", "api_p95"),
        gate(environment, decided, number, time + ": Auth Errors", "auth_error_ratio"),
        GateCheckLine.gatesGreen(
            time + ": Kafka Lag (Stable: below its limit and not growing)",
            decided,
            number,
            "kafka_lag",
            "kafka_lag_growth"),
        gate(environment, decided, number, time + ": DLQ Rate", "dlq_ratio"),
        GateCheckLine.policyEngine(
            time
                + ": Policy engine (OPA decisions answered, the release's bundle activated;"
                + " critical)",
            decided,
            number),
        GateCheckLine.verdict(
            time
                + " verdict: GREEN / YELLOW (keep watching) / RED (second consecutive failure:"
                + " roll back)",
            decided,
            number));
  }

  /** "T+15: API P95 (<= 350 ms)": the runbook's words, the configured threshold. */
  private static GateCheckLine gate(
      Environment environment, DecidedChecks decided, int number, String title, String gate) {
    return GateCheckLine.gatesGreen(
        "%s (%s)".formatted(title, threshold(environment, gate)), decided, number, gate);
  }

  /** The gate's configured threshold as people read it, or "not configured" to show the gap. */
  public static String threshold(Environment environment, String gate) {
    return Optional.ofNullable(environment.gates())
        .map(gates -> gates.get(gate))
        .map(spec -> spec.threshold().toString())
        .orElse("gates." + gate + " not configured");
  }

  /**
   * The check itself, once due: evaluates and records every gate over all traffic (or the held
   * canary's traffic); its number must be the one this run planned, or another runner checked at
   * the same time. Its line says when it was due, why then, and when it ran.
   */
  private static GateLineReport checkAt(
      LineContext context, PhaseGateChecks checks, DecidedChecks decided, int number, String time) {
    Ledger current = context.ledger().read();
    GateSchedule schedule = new GateSchedule(checks.cadence());
    Optional<GateSchedule.Due> due = schedule.due(current, number);
    if (due.isEmpty() && current.lockedStep().isEmpty() && current.heldCanary().isEmpty()) {
      return GateLineReport.of(
          context
              .report()
              .problem(
                  "attempt %s has no locked 100 %% step and no held canary (traffic %s), so there"
                      + " is no time the gate checks count from; run the ramp to its lock",
                  current.attemptId(), current.traffic())
              .judged());
    }
    if (due.isEmpty()) {
      return GateLineReport.of(
          context
              .report()
              .problem(
                  "attempt %s has no %s in the ledger (traffic %s), so %s has no time to count"
                      + " from; run the canary phase of this attempt, or set cadence.clock_from:"
                      + " lock",
                  current.attemptId(), schedule.clockName(), current.traffic(), time)
              .judged());
    }
    checks.awaitNextCheck(due.get().at(), time + " gate check");
    GateReport report = checks.check(current.heldCanary().isPresent() ? Scope.CANARY : Scope.ALL);
    decided.put(number, report);
    Instant ran = report.at();
    String when =
        schedule
            .clockStart(current)
            .filter(start -> current.heldCanary().isEmpty())
            .map(
                start ->
                    "%s = %s + %s"
                        .formatted(ran, schedule.clockName(), human(Duration.between(start, ran))))
            .orElse(ran.toString());
    Duration late = Duration.between(due.get().at(), ran);
    LineReport.Builder line =
        context
            .report()
            .evidence(
                "when",
                "%s checked at %s; due %s (%s)%s"
                    .formatted(
                        time,
                        when,
                        due.get().at(),
                        due.get().why(),
                        late.compareTo(checks.cadence().cadence().scrapeInterval()) > 0
                            ? ", ran %s after it was due".formatted(human(late))
                            : ""))
            .evidence("gate check", report.summary());
    line.problemIf(
        report.number() != number,
        "%s is check %d of this attempt, but the ledger %s counted it as %d: another runner"
            + " checked at the same time",
        time,
        number,
        context.ledger().location(),
        report.number());
    return GateLineReport.of(line.judged());
  }

  private static String human(Duration d) {
    return GateCheckOffset.human(d.isNegative() ? Duration.ZERO : d);
  }

  /**
   * "Gate checks due in this run": passes when a check is due; when every check of the attempt is
   * recorded (and no canary is held) there is nothing to do, a skip with the reason.
   */
  public static GateLineReport checksDue(LineContext context) {
    Ledger current = context.ledger().read();
    List<Instant> done = current.checks(PHASE);
    int total = context.environment().cadence().gateChecks();
    LineReport.Builder report =
        context.report().evidence("gate checks recorded", "%d of %d".formatted(done.size(), total));
    if (done.size() < total || current.heldCanary().isPresent()) {
      return GateLineReport.of(report.judged());
    }
    return GateLineReport.skip(
        report
            .problem(
                "all %d gate checks of attempt %s are recorded (the last at %s); nothing is due",
                total, current.attemptId(), done.get(done.size() - 1))
            .judged());
  }
}
