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

  /**
   * Every one of {@code observers}, told in order; what one throws is ignored and does not keep the
   * next from being told (e.g. the war room's notices, then the run's metrics).
   */
  static RollbackObserver all(RollbackObserver... observers) {
    java.util.List<RollbackObserver> each = java.util.List.of(observers);
    return new RollbackObserver() {
      @Override
      public void started(RollbackRequest request) {
        each.forEach(o -> ignoringFailure(() -> o.started(request)));
      }

      @Override
      public void finished(RollbackRecord record) {
        each.forEach(o -> ignoringFailure(() -> o.finished(record)));
      }
    };
  }

  private static void ignoringFailure(Runnable observation) {
    try {
      observation.run();
    } catch (RuntimeException ignored) {
      // an observer's failure is never the rollback's, nor another observer's
    }
  }

  /** This run claimed the rollback and is about to execute its plan. */
  void started(RollbackRequest request);

  /** The plan ran; {@code record} is what the ledger holds now (DONE, DONE_UNHEALTHY or FAILED). */
  void finished(RollbackRecord record);
}
