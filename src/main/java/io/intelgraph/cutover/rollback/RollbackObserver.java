package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.RollbackRecord;

/**
 * Told when this run starts executing a rollback plan and when it has finished (e.g. to tell the
 * war room). Called on the rollback's thread: an observer must return at once and never throw; the
 * rollback does not wait for it, and anything it throws is ignored.
 */
public interface RollbackObserver {

  /** Observes nothing. */
  RollbackObserver NONE =
      new RollbackObserver() {
        @Override
        public void started(RollbackRequest request) {}

        @Override
        public void finished(RollbackRecord record) {}
      };

  /** This run claimed the rollback and is about to execute its plan. */
  void started(RollbackRequest request);

  /** The plan ran; {@code record} is what the ledger holds now (DONE, DONE_UNHEALTHY or FAILED). */
  void finished(RollbackRecord record);
}
