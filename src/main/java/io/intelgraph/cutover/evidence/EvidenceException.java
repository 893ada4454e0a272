package io.intelgraph.cutover.evidence;

/** Evidence could not be produced, read or trusted; the message says what, where and the fix. */
public class EvidenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvidenceException(String message) {
    super(message);
  }

  public EvidenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
