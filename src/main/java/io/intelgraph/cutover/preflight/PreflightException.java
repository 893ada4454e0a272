package io.intelgraph.cutover.preflight;

/**
 * A preflight probe could not observe what it checks; the message says what, where and what to do.
 */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PreflightException(String message) {
    super(message);
  }

  public PreflightException(String message, Throwable cause) {
    super(message, cause);
  }
}
