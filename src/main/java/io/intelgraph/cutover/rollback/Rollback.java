package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackLease;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.RollbackTakeover;
import io.intelgraph.cutover.ledger.StableRecovery;
import io.intelgraph.cutover.ledger.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs the rollback plan for a release attempt, across threads, JVMs and runners, and sees it
 * through even when the runner that started it dies.
 *
 * <p>Design note: the ledger decides ({@link RollbackClaim} holds the rules). A run claims the
 * rollback with one atomic ledger update (the stores' compare-and-swap: the file lock, the
 * ConfigMap's resourceVersion) that writes an EXECUTING record with its own claim id and a {@link
 * RollbackLease lease}; it acts only if the stored claim is its own, and a {@link LeaseHeartbeat}
 * renews the lease while the actions run. A runner killed between the claim and the end stops
 * renewing; once the lease has expired, the next run (a later RED, the next phase's session, or the
 * {@code rollback} command) takes the rollback over in the same kind of update and runs the whole
 * plan again, which is safe because every action is idempotent and the script and webhook carry the
 * same {@link #idempotencyKey idempotency key}. Nobody runs over a live lease. The results are
 * written once, at the end, so a ledger hiccup never interrupts the actions.
 *
 * <pre>{@code
 * RollbackOutcome outcome = new Rollback(store, plan, "prod", false, "runner-7", Duration.ofMinutes(1), Clock.systemUTC())
 *     .trigger("api_p95 RED: 2 consecutive breaches", "GateChecks#apiP95");
 * }</pre>
 */
public final class Rollback {

  private final LedgerStore ledger;
  private final RollbackPlan plan;
  private final String environment;
  private final boolean dryRun;
  private final String runner;
  private final Duration lease;
  private final Clock clock;
  private final RollbackObserver observer;

  /**
   * @param runner who this run is, for the claim, e.g. {@code 4711@ci-runner-7/<attempt>}
   * @param lease how long a claim holds without a heartbeat ({@code rollback.lease})
   */
  public Rollback(
      LedgerStore ledger,
      RollbackPlan plan,
      String environment,
      boolean dryRun,
      String runner,
      Duration lease,
      Clock clock) {
    this(ledger, plan, environment, dryRun, runner, lease, clock, RollbackObserver.NONE);
  }

  private Rollback(
      LedgerStore ledger,
      RollbackPlan plan,
      String environment,
      boolean dryRun,
      String runner,
      Duration lease,
      Clock clock,
      RollbackObserver observer) {
    this.ledger = ledger;
    this.plan = plan;
    this.environment = environment;
    this.dryRun = dryRun;
    this.runner = runner;
    this.lease = lease;
    this.clock = clock;
    this.observer = observer;
  }

  /** This rollback, telling {@code observer} when it starts and ends executing its plan. */
  public Rollback observedBy(RollbackObserver observer) {
    return new Rollback(ledger, plan, environment, dryRun, runner, lease, clock, observer);
  }

  /** The rollback already recorded for this attempt, if any. */
  public Optional<RollbackRecord> recorded() {
    return ledger.read().rollback();
  }

  /**
   * The automatic rollback (a RED): claims and runs the plan if nobody has, takes over one whose
   * runner died, waits (at most one lease) for one that another runner is executing, and otherwise
   * returns what is recorded. A FAILED rollback is not re-run automatically: that is {@link
   * #byHand}.
   */
  public RollbackOutcome trigger(String reason, String triggeredBy) {
    Attempt first = claim(reason, triggeredBy, runner, false, true);
    if (first.mine()) return execute(first);
    Attempt second =
        first.heldByAnother()
            ? afterWaiting(first, lease, reason, triggeredBy, runner, false)
            : first;
    return second.mine()
        ? execute(second)
        : new RollbackOutcome(false, second.record().orElseThrow());
  }

  /**
   * The emergency rollback by hand, "no debate": runs the plan if there is no rollback yet, retries
   * a FAILED one, completes an EXECUTING one whose lease expired, and records who and why. Over a
   * live lease it waits up to {@code wait} for the lease to lapse or the rollback to finish, then
   * refuses.
   *
   * @throws RollbackHeldException another run holds a live lease; nothing was run
   */
  public RollbackOutcome byHand(String reason, String by, Duration wait) {
    String triggeredBy = by + " (by hand)";
    Attempt first = claim(reason, triggeredBy, by, true, true);
    if (first.mine()) return execute(first);
    Attempt second =
        first.heldByAnother() && !wait.isZero()
            ? afterWaiting(first, wait, reason, triggeredBy, by, true)
            : first;
    if (second.mine()) return execute(second);
    RollbackRecord record = second.record().orElseThrow();
    if (second.heldByAnother()) {
      RollbackLease held =
          record.lease().orElse(RollbackLease.grant(record.claim(), record.requestedAt(), lease));
      throw new RollbackHeldException(
          ("refused: the rollback of release %s attempt %s is being executed by %s (last heartbeat %s); its lease"
                  + " holds until %s unless renewed, and nothing is run over a live lease. Wait for it to finish, or, if that runner died, run this"
                  + " again after %s (--wait %ds waits for it)")
              .formatted(
                  second.ledger().releaseTag(),
                  second.ledger().attemptId(),
                  held.holder(),
                  held.heartbeatAt(),
                  held.expiresAt(),
                  held.expiresAt(),
                  Math.max(1, Duration.between(clock.instant(), held.expiresAt()).toSeconds() + 1)),
          record);
    }
    return new RollbackOutcome(false, record);
  }

  /**
   * Completes a rollback whose runner died: if the ledger holds an EXECUTING rollback with an
   * expired lease, takes it over and runs the plan; otherwise does nothing. For a run that opens
   * the ledger.
   */
  public Optional<RollbackOutcome> takeOverIfAbandoned() {
    Optional<RollbackRecord> current = recorded();
    if (RollbackClaim.decide(current, clock.instant(), lease, false)
        != RollbackClaim.Decision.TAKE_OVER) {
      return Optional.empty();
    }
    Attempt attempt =
        claim(current.get().reason(), current.get().triggeredBy(), runner, false, false);
    return attempt.mine() ? Optional.of(execute(attempt)) : Optional.empty();
  }

  /**
   * What people do about a rollback that stops the later phases, for their refusal message: for a
   * FAILED one, how to retry it by hand; for an EXECUTING one, how it gets finished; else nothing.
   */
  public static String whatNext(RollbackRecord record) {
    return switch (record.state()) {
      case FAILED ->
          " The rollback FAILED, so the canary may still take traffic: fix what its failed action names, then retry it by hand:"
              + " java -jar maestro-cutover.jar rollback --config FILE --reason \"...\" --by NAME (it runs the same plan and records who and why).";
      case EXECUTING ->
          " It is still being executed under a lease; if that runner died, the next run takes it over once the lease expires,"
              + " or run: java -jar maestro-cutover.jar rollback --config FILE --reason \"...\" --wait 2m.";
      case DONE_UNHEALTHY ->
          (" The traffic is back on stable, but stable was not proven healthy: %s. Fix stable (or page its owners),"
                  + " then prove it by hand: java -jar maestro-cutover.jar rollback --config FILE --reason \"...\" --by NAME (it re-runs the"
                  + " idempotent plan and the health proof, and records who and why).")
              .formatted(
                  record
                      .recovery()
                      .map(r -> String.join("; ", r.stillWrong()))
                      .orElse("no recovery recorded"));
      case REQUESTED, DONE -> "";
    };
  }

  /**
   * The key every run of this rollback hands the script and the webhook: attempt id and the
   * rollback's request time, which a takeover or a retry keeps.
   */
  static String idempotencyKey(String attemptId, RollbackRecord record) {
    return "%s/rollback-%d".formatted(attemptId, record.requestedAt().toEpochMilli());
  }

  /** What one claim update left in the ledger, and whether the stored claim is this run's. */
  private record Attempt(Ledger ledger, Optional<RollbackRecord> record, String claim) {
    boolean mine() {
      return record
          .filter(r -> r.state() == RollbackRecord.State.EXECUTING && r.claim().equals(claim))
          .isPresent();
    }

    boolean heldByAnother() {
      return !mine() && record.filter(r -> r.state() == RollbackRecord.State.EXECUTING).isPresent();
    }
  }

  /**
   * One atomic ledger update that claims, takes over or retries as {@link RollbackClaim} allows.
   */
  private Attempt claim(
      String reason, String triggeredBy, String by, boolean byHand, boolean mayStart) {
    String claim = runner + "/" + UUID.randomUUID();
    Ledger after =
        ledger.update(
            l -> {
              Instant now = clock.instant();
              RollbackLease mine = RollbackLease.grant(claim, now, lease);
              Optional<RollbackRecord> current = l.rollback();
              return switch (RollbackClaim.decide(current, now, lease, byHand)) {
                case CLAIM ->
                    mayStart
                        ? l.withRollback(
                            RollbackRecord.executing(reason, triggeredBy, mine, dryRun, now))
                        : l;
                case TAKE_OVER ->
                    l.withRollback(
                        current
                            .get()
                            .takenOver(
                                mine,
                                by,
                                "the lease of %s expired at %s%s"
                                    .formatted(
                                        current.get().claim(),
                                        current.get().leaseExpiry(lease),
                                        byHand ? "; taken over by hand: " + reason : ""),
                                dryRun,
                                now));
                case RETRY ->
                    l.withRollback(
                        current
                            .get()
                            .takenOver(mine, by, "retried by hand: " + reason, dryRun, now));
                case HELD, FINISHED -> l;
              };
            });
    return new Attempt(after, after.rollback(), claim);
  }

  /**
   * Waits (bounded) for another run's live rollback to finish or its lease to lapse, then tries to
   * claim again.
   */
  private Attempt afterWaiting(
      Attempt held, Duration atMost, String reason, String triggeredBy, String by, boolean byHand) {
    String holder = held.record().orElseThrow().claim();
    Duration poll = Duration.ofMillis(Math.min(1_000, Math.max(50, lease.toMillis() / 10)));
    try {
      Awaitility.await("rollback held by " + holder + " to finish or its lease to lapse")
          .atMost(atMost.plus(poll))
          .pollInterval(poll)
          .pollDelay(Duration.ZERO)
          .until(
              () ->
                  RollbackClaim.decide(recorded(), clock.instant(), lease, byHand)
                      != RollbackClaim.Decision.HELD);
    } catch (ConditionTimeoutException stillRenewed) {
      // the holder is alive and renewing: its rollback stands, and the caller reports it as held
    }
    return claim(reason, triggeredBy, by, byHand, true);
  }

  private RollbackOutcome execute(Attempt attempt) {
    RollbackRecord claimed = attempt.record().orElseThrow();
    List<RollbackTakeover> takeovers = claimed.takeovers();
    String triggeredBy =
        takeovers.isEmpty()
            ? claimed.triggeredBy()
            : "%s (%s)"
                .formatted(
                    takeovers.get(takeovers.size() - 1).by(),
                    takeovers.get(takeovers.size() - 1).why());
    RollbackRequest request =
        new RollbackRequest(
            environment,
            attempt.ledger().releaseTag(),
            attempt.ledger().attemptId(),
            claimed.reason(),
            triggeredBy,
            dryRun,
            idempotencyKey(attempt.ledger().attemptId(), claimed));
    List<ActionResult> results;
    Verification verification;
    Optional<StableRecovery> stable;
    tell(() -> observer.started(request));
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(ledger, attempt.claim(), lease, plan.maxDuration(), clock)) {
      results = plan.execute(request);
      verification =
          dryRun
              ? new Verification(
                  true,
                  List.of("dry run: nothing was executed, so nothing to verify"),
                  clock.instant())
              : plan.verify();
      // stable's health is proven only once the rollback took hold: a FAILED one is already the
      // louder news
      boolean tookHold =
          !dryRun
              && verification.passed()
              && results.stream().allMatch(r -> r.status() == ActionResult.Status.DONE);
      stable = tookHold ? plan.proveRecovery(results, request) : Optional.empty();
    }
    RollbackRecord finished =
        withResults(claimed, results).finished(verification, stable, clock.instant());
    Ledger done =
        ledger.update(
            l ->
                l.rollback()
                    .filter(
                        r ->
                            r.state() == RollbackRecord.State.EXECUTING
                                && r.claim().equals(attempt.claim()))
                    // the renewed lease stays on the record as the last one held
                    .map(
                        stored ->
                            l.withRollback(
                                withResults(stored, results)
                                    .finished(verification, stable, clock.instant())))
                    // the lease was lost and another run took over: its record stands, ours is only
                    // reported
                    .orElse(l));
    RollbackRecord stored =
        done.rollback().filter(r -> r.claim().equals(attempt.claim())).orElse(finished);
    tell(() -> observer.finished(stored));
    return new RollbackOutcome(true, stored);
  }

  /** An observer's failure is never the rollback's: it is ignored. */
  private static void tell(Runnable observation) {
    try {
      observation.run();
    } catch (RuntimeException ignored) {
      // the observer's own concern; the rollback's record is the truth
    }
  }

  private static RollbackRecord withResults(RollbackRecord record, List<ActionResult> results) {
    RollbackRecord with = record;
    for (ActionResult result : results) {
      with = with.withAction(result);
    }
    return with;
  }
}
