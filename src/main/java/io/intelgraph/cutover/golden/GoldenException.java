package io.intelgraph.cutover.golden;

/**
 * A golden transaction could not complete: the message says which step, against what, and what was
 * seen (never a token). Goldens turn it into a failed {@link GoldenResult}.
 */
public class GoldenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GoldenException(String message) {
    super(message);
  }

  public GoldenException(String message, Throwable cause) {
    super(message, cause);
  }
}
