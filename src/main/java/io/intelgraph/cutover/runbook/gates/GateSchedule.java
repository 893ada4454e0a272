package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.config.Cadence;
import io.intelgraph.cutover.config.Cadence.ClockFrom;
import io.intelgraph.cutover.config.GateCheckOffset;
import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.ledger.HaltRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.TrafficStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The runbook's clock of one attempt, read from its ledger: when each gate check of the gate phase
 * is due, what it is called, and whether one is still outstanding (which the T+120 evidence waits
 * for).
 *
 * <p>Design note. The clock counts from {@code cadence.clock_from}: {@code t0}, the runbook's T-0,
 * is the canary phase's first traffic step (or, when the suite only observed the canary, the canary
 * phase's start), {@code lock} the ramp's locked 100 % step. Check {@code n} is due at the clock's
 * start plus {@code cadence.gate_checks_at[n]}, but never before the lock (the checks judge all
 * traffic, so one due earlier runs at the lock, late, and says so), never within a scrape of the
 * previous check, and after a check that was not GREEN not before its rate window has moved ({@link
 * CheckCadence#nextCheckAfter}), so two consecutive failures are two. A held canary has no runbook
 * time: it is checked every {@code gate_interval} from the hold until a person decides. Every rule
 * reads the ledger only, so a scheduled job (one check per run) and a watching process agree.
 *
 * <pre>{@code
 * GateSchedule schedule = new GateSchedule(new CheckCadence(environment.cadence()));
 * schedule.due(ledger, ledger.checks("gate").size() + 1); // T+15: T-0 + 15m, ...
 * }</pre>
 */
public final class GateSchedule {

  /** When one check is due and why then, in words for its line. */
  public record Due(Instant at, String why) {}

  private final CheckCadence checks;

  public GateSchedule(CheckCadence checks) {
    this.checks = checks;
  }

  private Cadence cadence() {
    return checks.cadence();
  }

  /**
   * The runbook's T-0 of this attempt: the canary phase's first traffic step, or where the suite
   * only observed the canary (no step recorded), the canary phase's start.
   */
  public static Optional<Instant> t0(Ledger ledger) {
    return ledger.traffic().stream()
        .filter(step -> step.phase().equals("canary"))
        .map(TrafficStep::at)
        .findFirst()
        .or(
            () ->
                ledger.latestResults("canary").stream()
                    .map(PhaseResult::started)
                    .min(Comparator.naturalOrder()));
  }

  /** The moment the checks' offsets count from, per {@code cadence.clock_from}. */
  public Optional<Instant> clockStart(Ledger ledger) {
    return cadence().clockFrom() == ClockFrom.T0
        ? t0(ledger)
        : ledger.lockedStep().map(TrafficStep::at);
  }

  /** "T-0" or "lock": what {@code T-0 + 15m} in a line counts from. */
  public String clockName() {
    return cadence().clockFrom() == ClockFrom.T0 ? "T-0" : "lock";
  }

  /**
   * "T+15" for check 1 of the runbook's three; "Held canary" for a held canary's, which has no
   * runbook time.
   */
  public String label(int number, boolean held) {
    if (held) return "Held canary";
    List<GateCheckOffset> at = cadence().gateChecksAt();
    return number <= at.size() ? at.get(number - 1).label() : "Gate check " + number;
  }

  /**
   * When check {@code number} is due, or empty when the ledger has nothing to count it from (no
   * lock and no held canary, or no T-0). For the next check ({@code number} = checks recorded + 1)
   * this is exact; for a later one in the same run it assumes the checks before it pass.
   */
  public Optional<Due> due(Ledger ledger, int number) {
    List<Instant> done = ledger.checks(GateCheckLines.PHASE);
    Optional<Instant> previous =
        number - 2 < done.size() && number >= 2
            ? Optional.of(done.get(number - 2))
            : Optional.empty();
    boolean previousFailed = previous.map(at -> failed(ledger, at)).orElse(false);
    Optional<HaltRecord> held = ledger.heldCanary();
    if (held.isPresent() || number > cadence().gateChecks()) {
      return heldOrExtra(held, previous, previousFailed, number);
    }
    Optional<TrafficStep> lock = ledger.lockedStep();
    Optional<Instant> start = clockStart(ledger);
    if (lock.isEmpty() || start.isEmpty()) return Optional.empty();
    GateCheckOffset offset = cadence().gateChecksAt().get(number - 1);
    Instant nominal = start.get().plus(offset.at());
    Instant at = nominal;
    StringBuilder why =
        new StringBuilder("%s + %s".formatted(clockName(), GateCheckOffset.human(offset.at())));
    if (cadence().clockFrom() == ClockFrom.T0 && nominal.isBefore(lock.get().at())) {
      at = lock.get().at();
      why.append(
          ", before the lock at %s + %s: runs at the lock, late"
              .formatted(clockName(), GateCheckOffset.human(Duration.between(start.get(), at))));
    }
    if (previous.isPresent()) {
      Instant next =
          previousFailed
              ? checks.nextCheckAfter(previous.get(), true)
              : previous.get().plus(cadence().scrapeInterval());
      if (next.isAfter(at)) {
        at = next;
        why.append(
            previousFailed
                ? ", after the failed check at %s once its rate window has moved"
                    .formatted(previous.get())
                : ", a scrape after the previous check");
      }
    }
    return Optional.of(new Due(at, why.toString()));
  }

  /** A held canary, or a check past the runbook's: every {@code gate_interval}. */
  private Optional<Due> heldOrExtra(
      Optional<HaltRecord> held, Optional<Instant> previous, boolean previousFailed, int number) {
    if (previous.isPresent()) {
      return Optional.of(
          new Due(
              checks.nextCheckAfter(previous.get(), previousFailed),
              (previousFailed
                      ? "after the failed check at %s once its rate window has moved"
                      : "gate_interval after the check at %s")
                  .formatted(previous.get())));
    }
    return held.map(
        h ->
            new Due(
                h.at().plus(cadence().gateInterval()),
                "gate_interval after the canary was held at %d %%".formatted(h.canaryPercent())));
  }

  private static boolean failed(Ledger ledger, Instant check) {
    return ledger.gates().stream()
        .anyMatch(
            r ->
                r.phase().equals(GateCheckLines.PHASE)
                    && r.at().equals(check)
                    // a shadow gate's failure is reported, never acted on: the schedule keeps
                    && !r.shadow()
                    && r.verdict() != Verdict.GREEN);
  }

  /**
   * Why the T+120 evidence must wait, with the time to wait: the attempt reached its lock, was not
   * rolled back, and a gate check of it is not recorded yet; empty when nothing is outstanding.
   */
  public Optional<String> outstanding(Ledger ledger, Instant now) {
    if (ledger.rollback().filter(RollbackRecord::claimedByARunner).isPresent()) {
      return Optional.empty();
    }
    if (ledger.lockedStep().isEmpty()) return Optional.empty();
    int done = ledger.checks(GateCheckLines.PHASE).size();
    int total = cadence().gateChecks();
    if (done >= total) return Optional.empty();
    String remaining =
        IntStream.rangeClosed(done + 1, total)
            .mapToObj(n -> label(n, false))
            .collect(Collectors.joining(", "));
    String last = label(total, false);
    String when =
        due(ledger, total)
            .map(
                d -> {
                  Duration wait = Duration.between(now, d.at());
                  return wait.isNegative()
                      ? "was due at %s (%s), %s ago, and is not recorded: run the gate phase"
                          .formatted(d.at(), d.why(), GateCheckOffset.human(wait.negated()))
                      : "is due at %s (%s): wait at least %s"
                          .formatted(d.at(), d.why(), GateCheckOffset.human(wait));
                })
            .orElse("has no time to count from (no %s in the ledger)".formatted(clockName()));
    return Optional.of(
        "attempt %s has %d of %d gate checks recorded; still due: %s. The last, %s, %s"
            .formatted(ledger.attemptId(), done, total, remaining, last, when));
  }
}
