package io.intelgraph.cutover.rollback;

/** A rollback step did not happen; the message says which step, what went wrong and where. */
public final class RollbackActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RollbackActionException(String message) {
    super(message);
  }

  public RollbackActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
