package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.RollbackRecord;

/**
 * A rollback was asked for by hand while another run holds a live lease on it: nothing was run over
 * it. The message names the holder, its last heartbeat and when the lease lapses.
 */
public final class RollbackHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RollbackRecord record;

  RollbackHeldException(String message, RollbackRecord record) {
    super(message);
    this.record = record;
  }

  /** The EXECUTING record as last read. */
  public RollbackRecord record() {
    return record;
  }
}
