package io.intelgraph.cutover.chaos;

/**
 * A chaos experiment that was refused, could not run, or whose system did not recover within its
 * bound; the message says which and what was seen.
 */
public final class ChaosException extends RuntimeException {
  public ChaosException(String message) {
    super(message);
  }

  public ChaosException(String message, Throwable cause) {
    super(message, cause);
  }
}
