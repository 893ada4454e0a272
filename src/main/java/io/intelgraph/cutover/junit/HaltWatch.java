package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.config.HaltPolicy;
import io.intelgraph.cutover.ledger.HaltRecord;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.TrafficOwner;
import io.intelgraph.cutover.rollback.Rollback;
import io.intelgraph.cutover.rollback.RollbackOutcome;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.intelgraph.cutover.session.CutoverWiring;
import io.intelgraph.cutover.session.HaltRule;
import io.intelgraph.cutover.session.Phase;
import io.intelgraph.cutover.session.PhaseTable;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the halt policy ({@code rollback.on_halt}, rules in {@link HaltRule}) where a run can see
 * a canary left serving unwatched: when the session opens (a phase runner that died cannot act at
 * its own end) and after every phase's result is recorded. {@code rollback} runs the rollback plan
 * through {@link Rollback#trigger} (once per attempt) with the reason {@code halted: ...}; {@code
 * hold} records the hold, which the gate phase then watches. Either way the ledger's {@link
 * HaltRecord} and the console say which.
 *
 * <p>It also keeps the {@link TrafficOwner} lease of a phase that moves the canary's traffic while
 * that phase runs ({@link #own}), renewed on a daemon thread every third of {@code rollback.lease}:
 * how another run tells a phase still running from one whose runner died.
 */
final class HaltWatch {

  private static final Logger LOG = LoggerFactory.getLogger(HaltWatch.class);

  private final LedgerStore ledger;
  private final Rollback rollback;
  private final HaltPolicy policy;
  private final String environment;
  private final String runner;
  private final Duration lease;
  private final Clock clock;
  private final PrintStream console;

  HaltWatch(
      LedgerStore ledger,
      Rollback rollback,
      HaltPolicy policy,
      String environment,
      String runner,
      Duration lease,
      Clock clock,
      PrintStream console) {
    this.ledger = ledger;
    this.rollback = rollback;
    this.policy = policy == null ? HaltPolicy.ROLLBACK : policy;
    this.environment = environment;
    this.runner = runner;
    this.lease = lease;
    this.clock = clock;
    this.console = console;
  }

  /**
   * Applies the policy if the ledger shows a canary left serving unwatched; returns what was
   * decided.
   *
   * @param when where the run is, for the record, e.g. "after phase canary"
   * @throws IllegalStateException the rollback could not be started (the canary is still serving)
   */
  HaltRule.Decision apply(String when) {
    HaltRule.Decision decision = HaltRule.decide(ledger.read(), policy, clock.instant());
    return switch (decision.action()) {
      case NOTHING -> decision;
      case HOLD -> hold(decision, when);
      case ROLLBACK -> rollBack(decision, when);
    };
  }

  private HaltRule.Decision hold(HaltRule.Decision seen, String when) {
    HaltRule.Decision[] decided = {seen};
    // decided again inside the update: two runners that see the halt at once record one hold
    Ledger after =
        ledger.update(
            l -> {
              decided[0] = HaltRule.decide(l, policy, clock.instant());
              return decided[0].action() == HaltRule.Action.HOLD
                  ? l.withHalt(record(decided[0]))
                  : l;
            });
    if (decided[0].action() == HaltRule.Action.HOLD) {
      banner(
          decided[0],
          when,
          after.heldCanary().map(HaltRecord::summary).orElse("hold recorded")
              + System.lineSeparator()
              + ("The canary keeps serving %d %%; the gate phase and the scheduled gate job watch it on the canary scope"
                      + " (a RED rolls back): %s. A person decides: roll back by hand (java -jar maestro-cutover.jar rollback --config FILE"
                      + " --reason \"...\" --by NAME), or start a new attempt (-D%s=new).")
                  .formatted(
                      decided[0].canaryPercent(),
                      PhaseTable.command(Phase.GATE, environment),
                      CutoverWiring.ATTEMPT_PROPERTY));
    }
    return decided[0];
  }

  private HaltRule.Decision rollBack(HaltRule.Decision decision, String when) {
    // the reason goes into the ledger, which outlives the run: never a secret in it
    String reason = new Redactor(SecretRegistry.run()).redact("halted: " + decision.reason());
    RollbackOutcome outcome =
        rollback.trigger(reason, "halt policy (rollback.on_halt: rollback) " + when);
    ledger.update(l -> l.halt().isPresent() ? l : l.withHalt(record(decision)));
    banner(
        decision,
        when,
        "rollback.on_halt: rollback -> "
            + outcome.describe()
            + (outcome.succeeded()
                ? ""
                : System.lineSeparator() + Rollback.whatNext(outcome.record()).strip()));
    return decision;
  }

  private HaltRecord record(HaltRule.Decision decision) {
    String reason = new Redactor(SecretRegistry.run()).redact(decision.reason());
    return new HaltRecord(
        policy, reason, decision.canaryPercent(), decision.phase(), runner, clock.instant());
  }

  private void banner(HaltRule.Decision decision, String when, String what) {
    // on the console at once, like a refused phase: nobody should learn of a halted canary from the
    // report only
    console.printf(
        "%n*** CANARY HALTED AT %d %% (%s; on_halt: %s) ***%n%s%n%s%n%n",
        decision.canaryPercent(),
        when,
        policy.name().toLowerCase(Locale.ROOT),
        decision.reason(),
        what);
  }

  /**
   * Holds the {@link TrafficOwner} lease of {@code phase} while it runs; close it after the phase's
   * result is recorded. A runner that dies stops renewing, and the next run applies the policy.
   */
  AutoCloseable own(Phase phase) {
    String holder = runner + "/" + phase.tag();
    ledger.update(
        l ->
            l.withTrafficOwner(
                Optional.of(
                    new TrafficOwner(
                        phase.tag(), RollbackLease.grant(holder, clock.instant(), lease)))));
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "traffic-owner-lease-" + phase.tag());
              thread.setDaemon(
                  true); // never keeps a dying JVM alive: a dead runner must stop renewing
              return thread;
            });
    long period = Math.max(1, lease.toMillis() / 3);
    renewer.scheduleAtFixedRate(() -> renew(holder), period, period, TimeUnit.MILLISECONDS);
    return () -> {
      renewer.shutdown();
      if (!renewer.awaitTermination(lease.toMillis(), TimeUnit.MILLISECONDS)) renewer.shutdownNow();
      ledger.update(
          l ->
              l.trafficOwner().filter(o -> o.lease().holder().equals(holder)).isPresent()
                  ? l.withTrafficOwner(Optional.empty())
                  : l);
    };
  }

  private void renew(String holder) {
    try {
      ledger.update(
          l ->
              l.trafficOwner()
                  .filter(o -> o.lease().holder().equals(holder))
                  .map(
                      o ->
                          l.withTrafficOwner(
                              Optional.of(
                                  new TrafficOwner(
                                      o.phase(), o.lease().renewed(clock.instant(), lease)))))
                  .orElse(l));
    } catch (RuntimeException e) {
      // a ledger hiccup must not fail the phase; the next beat tries again before the lease lapses
      LOG.warn(
          "traffic owner lease {} could not be renewed in {}: {}",
          holder,
          ledger.location(),
          e.getMessage());
    }
  }
}
