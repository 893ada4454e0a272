package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollback of one release attempt. There is at most one: the runner whose atomic ledger update
 * moves it from absent (or {@code REQUESTED}) to {@code EXECUTING} acts, with its {@code claim}; every
 * other runner sees the record and does not act.
 *
 * @param claim unique id of the runner that claimed the rollback
 * @param dryRun the plan was recorded, not executed
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
    Optional<Instant> finishedAt) {

  /** Lifecycle: REQUESTED (asked for, not claimed) → EXECUTING (claimed) → DONE or FAILED. */
  public enum State { REQUESTED, EXECUTING, DONE, FAILED }

  public RollbackRecord {
    Objects.requireNonNull(state, "state");
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a rollback needs a reason");
    Objects.requireNonNull(triggeredBy, "triggered by");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(requestedAt, "requested at");
    actions = List.copyOf(actions);
    verification = verification == null ? Optional.empty() : verification;
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
  }

  /** A rollback claimed by {@code claim}, about to execute. */
  public static RollbackRecord executing(String reason, String triggeredBy, String claim, boolean dryRun, Instant now) {
    return new RollbackRecord(State.EXECUTING, reason, triggeredBy, claim, dryRun, now, List.of(), Optional.empty(), Optional.empty());
  }

  /** This record with one more action result. */
  public RollbackRecord withAction(ActionResult result) {
    List<ActionResult> more = new ArrayList<>(actions);
    more.add(result);
    return new RollbackRecord(state, reason, triggeredBy, claim, dryRun, requestedAt, more, verification, finishedAt);
  }

  /** This record finished: DONE if every action and the verification held, else FAILED. */
  public RollbackRecord finished(Verification result, Instant now) {
    boolean ok = actions.stream().noneMatch(a -> a.status() == ActionResult.Status.FAILED || a.status() == ActionResult.Status.SKIPPED)
        && result.passed();
    return new RollbackRecord(ok ? State.DONE : State.FAILED, reason, triggeredBy, claim, dryRun, requestedAt, actions,
        Optional.of(result), Optional.of(now));
  }

  /** True once claimed: no other runner may act any more. */
  public boolean claimedByARunner() {
    return state != State.REQUESTED;
  }

  /** One line for people: state, when, why, by whom. */
  public String summary() {
    return "rollback %s%s (requested %s by %s: %s)".formatted(state, dryRun ? " [dry run: nothing was executed]" : "",
        requestedAt, triggeredBy, reason);
  }
}
