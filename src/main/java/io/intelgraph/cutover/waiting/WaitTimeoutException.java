package io.intelgraph.cutover.waiting;

/** A bounded wait ran out or failed fast; the message names what was awaited and where it stood. */
public final class WaitTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WaitTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
