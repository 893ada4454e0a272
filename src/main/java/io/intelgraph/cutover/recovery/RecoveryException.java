package io.intelgraph.cutover.recovery;

/**
 * A backup that is missing, failed, or could not be restored; the message names what, where, the
 * value seen and the fix.
 */
public final class RecoveryException extends RuntimeException {
  public RecoveryException(String message) {
    super(message);
  }

  public RecoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
