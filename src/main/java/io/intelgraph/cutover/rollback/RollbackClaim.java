package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.RollbackRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lease rules: what a run may do with this attempt's rollback, judged from the ledger alone.
 *
 * <table>
 * <caption>rollback in the ledger → decision</caption>
 * <tr><td>none, or REQUESTED</td><td>{@link Decision#CLAIM}</td></tr>
 * <tr><td>EXECUTING, lease live</td><td>{@link Decision#HELD}: never run over it</td></tr>
 * <tr><td>EXECUTING, lease expired</td><td>{@link Decision#TAKE_OVER}: its runner died; run the plan again</td></tr>
 * <tr><td>FAILED, DONE_UNHEALTHY</td><td>{@link Decision#RETRY} by hand (re-runs the plan and the health proof), else {@link Decision#FINISHED}</td></tr>
 * <tr><td>DONE</td><td>{@link Decision#FINISHED}: nothing to do</td></tr>
 * </table>
 */
final class RollbackClaim {

  enum Decision {
    CLAIM,
    TAKE_OVER,
    RETRY,
    HELD,
    FINISHED
  }

  private RollbackClaim() {}

  static Decision decide(
      Optional<RollbackRecord> current, Instant now, Duration lease, boolean byHand) {
    if (current.isEmpty()) return Decision.CLAIM;
    RollbackRecord record = current.get();
    return switch (record.state()) {
      case REQUESTED -> Decision.CLAIM;
      case EXECUTING ->
          now.isBefore(record.leaseExpiry(lease)) ? Decision.HELD : Decision.TAKE_OVER;
      case FAILED, DONE_UNHEALTHY -> byHand ? Decision.RETRY : Decision.FINISHED;
      case DONE -> Decision.FINISHED;
    };
  }
}
