package io.intelgraph.cutover.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollback of one release attempt. There is at most one: the runner whose atomic ledger update
 * moves it from absent (or {@code REQUESTED}) to {@code EXECUTING} acts, with its {@code claim} and
 * a {@link RollbackLease lease} it keeps renewing; every other runner sees the record and does not
 * act while that lease is live. A run that finds the lease expired (its holder died) takes the
 * rollback over and runs the plan again; a FAILED rollback can be retried by hand. Each hand-over
 * is kept in {@code takeovers}.
 *
 * <p>Ledgers written before leases existed have no {@code lease} and no {@code takeovers}; they
 * read as empty, and such an EXECUTING record's lease is taken to run from {@code requestedAt}.
 *
 * <p>A rollback whose actions and cluster verification held is DONE only once the stable track is
 * proven healthy on traffic after the switch ({@code recovery}); if it is not within {@code
 * rollback.recovery_timeout} it ends DONE_UNHEALTHY: the traffic is back, but stable does not
 * serve, and every later phase says so. Ledgers written before that proof existed have no {@code
 * recovery}.
 *
 * @param claim unique id of the runner that holds (or last held) the rollback
 * @param dryRun the plan was recorded, not executed
 * @param lease present while EXECUTING (and kept afterwards as the last one held)
 * @param recovery the proof that stable serves after the switch, when the plan has one and it ran
 */
public record RollbackRecord(
    State state,
    String reason,
    String triggeredBy,
    String claim,
    boolean dryRun,
    Instant requestedAt,
    List<ActionResult> actions,
    Optional<Verification> verification,
    Optional<Instant> finishedAt,
    Optional<RollbackLease> lease,
    List<RollbackTakeover> takeovers,
    Optional<StableRecovery> recovery) {

  /**
   * Lifecycle: REQUESTED (asked for, not claimed) → EXECUTING (claimed) → DONE, DONE_UNHEALTHY (the
   * rollback took hold but stable was not proven healthy in time) or FAILED.
   */
  public enum State {
    REQUESTED,
    EXECUTING,
    DONE,
    FAILED,
    DONE_UNHEALTHY
  }

  public RollbackRecord {
    Objects.requireNonNull(state, "state");
    if (reason == null || reason.isBlank())
      throw new IllegalArgumentException("a rollback needs a reason");
    Objects.requireNonNull(triggeredBy, "triggered by");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(requestedAt, "requested at");
    actions = List.copyOf(actions);
    verification = verification == null ? Optional.empty() : verification;
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
    lease = lease == null ? Optional.empty() : lease;
    takeovers = takeovers == null ? List.of() : List.copyOf(takeovers);
    recovery = recovery == null ? Optional.empty() : recovery;
  }

  /**
   * A record without a stable-health proof (written before it existed, or by a plan without one).
   */
  public RollbackRecord(
      State state,
      String reason,
      String triggeredBy,
      String claim,
      boolean dryRun,
      Instant requestedAt,
      List<ActionResult> actions,
      Optional<Verification> verification,
      Optional<Instant> finishedAt,
      Optional<RollbackLease> lease,
      List<RollbackTakeover> takeovers) {
    this(
        state,
        reason,
        triggeredBy,
        claim,
        dryRun,
        requestedAt,
        actions,
        verification,
        finishedAt,
        lease,
        takeovers,
        Optional.empty());
  }

  /** A rollback claimed under {@code lease}, about to execute. */
  public static RollbackRecord executing(
      String reason, String triggeredBy, RollbackLease lease, boolean dryRun, Instant now) {
    return new RollbackRecord(
        State.EXECUTING,
        reason,
        triggeredBy,
        lease.holder(),
        dryRun,
        now,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(lease),
        List.of());
  }

  /** This record with one more action result. */
  public RollbackRecord withAction(ActionResult result) {
    List<ActionResult> more = new ArrayList<>(actions);
    more.add(result);
    return new RollbackRecord(
        state,
        reason,
        triggeredBy,
        claim,
        dryRun,
        requestedAt,
        more,
        verification,
        finishedAt,
        lease,
        takeovers,
        recovery);
  }

  /** This record with its holder's lease renewed. */
  public RollbackRecord withLease(RollbackLease renewed) {
    return new RollbackRecord(
        state,
        reason,
        triggeredBy,
        claim,
        dryRun,
        requestedAt,
        actions,
        verification,
        finishedAt,
        Optional.of(renewed),
        takeovers,
        recovery);
  }

  /**
   * This rollback handed to {@code lease}'s holder: EXECUTING again, with no action results of its
   * own yet; the previous holder's are kept in the takeover. Reason, trigger and request time stay.
   */
  public RollbackRecord takenOver(
      RollbackLease newLease, String by, String why, boolean dryRunNow, Instant now) {
    List<RollbackTakeover> more = new ArrayList<>(takeovers);
    more.add(new RollbackTakeover(claim, state, actions, newLease.holder(), by, why, now));
    return new RollbackRecord(
        State.EXECUTING,
        reason,
        triggeredBy,
        newLease.holder(),
        dryRunNow,
        requestedAt,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(newLease),
        more);
  }

  /**
   * This record finished without a stable-health proof: DONE if every action and the verification
   * held, else FAILED.
   */
  public RollbackRecord finished(Verification result, Instant now) {
    return finished(result, Optional.empty(), now);
  }

  /**
   * This record finished: FAILED if an action or the verification did not hold; else DONE_UNHEALTHY
   * if the stable-health proof ran and did not hold; else DONE.
   */
  public RollbackRecord finished(
      Verification result, Optional<StableRecovery> stable, Instant now) {
    boolean ok =
        actions.stream()
                .noneMatch(
                    a ->
                        a.status() == ActionResult.Status.FAILED
                            || a.status() == ActionResult.Status.SKIPPED)
            && result.passed();
    State end =
        !ok
            ? State.FAILED
            : stable.filter(r -> !r.healthy()).isPresent() ? State.DONE_UNHEALTHY : State.DONE;
    return new RollbackRecord(
        end,
        reason,
        triggeredBy,
        claim,
        dryRun,
        requestedAt,
        actions,
        Optional.of(result),
        Optional.of(now),
        lease,
        takeovers,
        stable);
  }

  /**
   * True once claimed: no other runner may act any more (unless the lease expired, see {@link
   * #leaseExpiry}).
   */
  public boolean claimedByARunner() {
    return state != State.REQUESTED;
  }

  /**
   * When the holder's claim lapses unless renewed: the lease's expiry, or, for a record written
   * before leases existed, {@code requestedAt + leaseDuration}.
   */
  public Instant leaseExpiry(Duration leaseDuration) {
    return lease.map(RollbackLease::expiresAt).orElse(requestedAt.plus(leaseDuration));
  }

  /**
   * One line for people: state, when, why, by whom, and while EXECUTING who holds it until when.
   */
  public String summary() {
    String held =
        state == State.EXECUTING
            ? lease
                .map(
                    l ->
                        ", held by %s until %s unless renewed".formatted(l.holder(), l.expiresAt()))
                .orElse(", held by " + claim + " (no lease recorded)")
            : "";
    String handed = takeovers.isEmpty() ? "" : ", run %d times".formatted(takeovers.size() + 1);
    String stable = recovery.map(r -> "; " + r.describe()).orElse("");
    return "rollback %s%s (requested %s by %s: %s%s%s)%s"
        .formatted(
            state,
            dryRun ? " [dry run: nothing was executed]" : "",
            requestedAt,
            triggeredBy,
            reason,
            held,
            handed,
            stable);
  }
}
