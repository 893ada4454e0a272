package io.intelgraph.cutover.ledger;

/**
 * The ledger cannot be used: it is corrupt, belongs to another release or schema, or cannot be read
 * or written. The message names where it is, what is wrong and the fix. A ledger is never silently
 * reset: starting over is an explicit decision ({@code -Dcutover.attempt=new}).
 */
public final class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
