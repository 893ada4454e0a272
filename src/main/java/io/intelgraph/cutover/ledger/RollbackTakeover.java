package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One hand-over of a rollback to another run: a takeover of an abandoned EXECUTING rollback whose
 * lease expired, or a retry by hand of a FAILED one. What the previous run had recorded is kept
 * here, so the ledger still tells the whole story after the plan ran again.
 *
 * @param previousClaim the claim that held the rollback before
 * @param previousState EXECUTING (abandoned) or FAILED (retried)
 * @param previousActions the action results the previous run recorded (none if it died mid-way)
 * @param claim the claim that runs the plan now
 * @param by who took it over: a runner, or the person named on the command line
 * @param why e.g. {@code lease of 123@ci-7/… expired at 2026-11-27T14:03:00Z}
 */
public record RollbackTakeover(
    String previousClaim,
    RollbackRecord.State previousState,
    List<ActionResult> previousActions,
    String claim,
    String by,
    String why,
    Instant at) {
  public RollbackTakeover {
    Objects.requireNonNull(previousClaim, "previous claim");
    Objects.requireNonNull(previousState, "previous state");
    previousActions = previousActions == null ? List.of() : List.copyOf(previousActions);
    Objects.requireNonNull(claim, "claim");
    if (by == null || by.isBlank())
      throw new IllegalArgumentException("a rollback takeover needs who took it over");
    if (why == null || why.isBlank())
      throw new IllegalArgumentException("a rollback takeover needs why");
    Objects.requireNonNull(at, "takeover time");
  }
}
