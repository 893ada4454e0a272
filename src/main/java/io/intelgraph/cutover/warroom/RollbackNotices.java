package io.intelgraph.cutover.warroom;

import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.rollback.RollbackObserver;
import io.intelgraph.cutover.rollback.RollbackRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the war room that a rollback started (its reason, who triggered it) and how it ended (its
 * state, the recovery time from request to finish, stable's health). Both go out in order on the
 * notifier's own thread, so the rollback never waits for the webhook to start; the end waits (at
 * most the webhook's bound per queued message) for them to go out, so a process that exits after a
 * rollback does not lose them.
 */
public final class RollbackNotices implements RollbackObserver {

  private final WarRoomNotifier notifier;
  private final Duration bound;

  /**
   * @param bound how long the end of a rollback waits for the queued messages to go out
   */
  public RollbackNotices(WarRoomNotifier notifier, Duration bound) {
    this.notifier = notifier;
    this.bound = bound;
  }

  @Override
  public void started(RollbackRequest request) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("reason", request.reason());
    figures.put("triggered by", request.triggeredBy());
    figures.put("attempt", request.attemptId());
    if (request.dryRun()) figures.put("dry run", "nothing is executed, only recorded");
    notifier.postInOrder("rollback started", "ROLLING BACK", figures);
  }

  @Override
  public void finished(RollbackRecord record) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("reason", record.reason());
    figures.put(
        "recovery time",
        record
            .finishedAt()
            .map(end -> Duration.between(record.requestedAt(), end).toMillis() + " ms")
            .orElse("not finished"));
    figures.put("rollback", record.summary());
    notifier.postInOrder("rollback ended", record.state().name(), figures);
    notifier.awaitQueued(bound);
  }
}
