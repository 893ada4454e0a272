package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.ActionResult;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.ledger.Verification;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the rollback plan at most once per release attempt, across threads, JVMs and runners.
 *
 * <p>Design note: the ledger decides. {@link #trigger} claims the rollback with one atomic ledger
 * update that writes an EXECUTING record carrying a fresh claim id only if there is no claimed
 * record yet; the caller acts only if the stored claim is its own. Everyone else gets the record
 * that is there. The results are written once, at the end, so a ledger hiccup never interrupts
 * the actions; a runner that dies mid-rollback leaves EXECUTING, which later phases refuse on, too.
 *
 * <pre>{@code
 * RollbackOutcome outcome = new Rollback(store, plan, "prod", false, "runner-7", Clock.systemUTC())
 *     .trigger("api_p95 RED: 2 consecutive breaches", "GateChecks#apiP95");
 * }</pre>
 */
public final class Rollback {

  private final LedgerStore ledger;
  private final RollbackPlan plan;
  private final String environment;
  private final boolean dryRun;
  private final String runner;
  private final Clock clock;

  public Rollback(LedgerStore ledger, RollbackPlan plan, String environment, boolean dryRun, String runner, Clock clock) {
    this.ledger = ledger;
    this.plan = plan;
    this.environment = environment;
    this.dryRun = dryRun;
    this.runner = runner;
    this.clock = clock;
  }

  /** The rollback already recorded for this attempt, if any. */
  public Optional<RollbackRecord> recorded() {
    return ledger.read().rollback();
  }

  /** Claims and runs the plan if no runner has; otherwise returns what is recorded. */
  public RollbackOutcome trigger(String reason, String triggeredBy) {
    String claim = runner + "/" + UUID.randomUUID();
    Ledger claimed = ledger.update(l -> l.rollback().filter(RollbackRecord::claimedByARunner).isPresent() ? l
        : l.withRollback(RollbackRecord.executing(reason, triggeredBy, claim, dryRun, clock.instant())));
    RollbackRecord record = claimed.rollback().orElseThrow();
    if (!record.claim().equals(claim)) {
      return new RollbackOutcome(false, record);
    }
    RollbackRequest request = new RollbackRequest(environment, claimed.releaseTag(), claimed.attemptId(), reason, triggeredBy, dryRun);
    List<ActionResult> results = plan.execute(request);
    Verification verification = dryRun
        ? new Verification(true, List.of("dry run: nothing was executed, so nothing to verify"), clock.instant())
        : plan.verify();
    Ledger done = ledger.update(l -> {
      RollbackRecord mine = l.rollback().filter(r -> r.claim().equals(claim)).orElse(record);
      for (ActionResult result : results) {
        mine = mine.withAction(result);
      }
      return l.withRollback(mine.finished(verification, clock.instant()));
    });
    return new RollbackOutcome(true, done.rollback().orElseThrow());
  }
}
