package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.ledger.RollbackRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the executing runner's rollback lease every third of its duration while the plan runs, on
 * one daemon thread (it never keeps a dying JVM alive).
 *
 * <p>Design note: it is bounded. After {@code bound} (the plan's own worst case) it stops renewing,
 * so a runner stuck in an action that ignores its timeout loses the lease like a dead one, and
 * another run takes the rollback over. It also stops once the ledger shows another holder: the
 * lease was lost (e.g. a pause longer than the lease) and the new holder's record stands.
 */
final class LeaseHeartbeat implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

  private final ScheduledExecutorService executor;
  private final LedgerStore ledger;
  private final String claim;
  private final Duration lease;
  private final Instant deadline;
  private final Clock clock;

  private LeaseHeartbeat(
      LedgerStore ledger, String claim, Duration lease, Duration bound, Clock clock) {
    this.ledger = ledger;
    this.claim = claim;
    this.lease = lease;
    this.deadline = clock.instant().plus(bound);
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "rollback-lease-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts renewing {@code claim}'s lease; close it when the plan is done. */
  static LeaseHeartbeat start(
      LedgerStore ledger, String claim, Duration lease, Duration bound, Clock clock) {
    LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, claim, lease, bound, clock);
    long period = Math.max(1, lease.toMillis() / 3);
    heartbeat.executor.scheduleAtFixedRate(heartbeat::renew, period, period, TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  private void renew() {
    Instant now = clock.instant();
    if (now.isAfter(deadline)) {
      LOG.warn(
          "rollback {} still running at {}, past its bound {}; its lease in {} is no longer renewed, so another run may take it over",
          claim,
          now,
          deadline,
          ledger.location());
      executor.shutdown();
      return;
    }
    try {
      boolean stillMine =
          ledger
              .update(
                  l ->
                      l.rollback()
                          .filter(this::mine)
                          .map(
                              r ->
                                  l.withRollback(
                                      r.withLease(r.lease().orElseThrow().renewed(now, lease))))
                          .orElse(l))
              .rollback()
              .filter(this::mine)
              .isPresent();
      if (!stillMine) {
        LOG.warn(
            "rollback lease {} was lost: the ledger {} shows another holder; this runner's results will not overwrite theirs",
            claim,
            ledger.location());
        executor.shutdown();
      }
    } catch (RuntimeException e) {
      // a ledger hiccup must not stop the rollback's actions; the next beat tries again before the
      // lease lapses
      LOG.warn(
          "rollback lease {} could not be renewed in {}: {}",
          claim,
          ledger.location(),
          e.getMessage());
    }
  }

  private boolean mine(RollbackRecord record) {
    return record.state() == RollbackRecord.State.EXECUTING
        && record.claim().equals(claim)
        && record.lease().isPresent();
  }

  @Override
  public void close() {
    // no interrupt: a renewal in flight finishes its ledger write (interrupting file IO closes the
    // channel)
    executor.shutdown();
    try {
      if (!executor.awaitTermination(lease.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
