package io.intelgraph.cutover.junit;

/**
 * A check's signal that the release is RED: the wiring runs the rollback plan (once per attempt)
 * and the check fails with this reason plus the rollback's result.
 *
 * <pre>{@code
 * if (verdict == RED) throw new RedVerdictException("api_p95 breached twice: 412 ms > 350 ms at 14:30Z and 14:45Z");
 * }</pre>
 */
public class RedVerdictException extends AssertionError {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public RedVerdictException(String reason) {
    this(reason, reason, null);
  }

  public RedVerdictException(String reason, Throwable cause) {
    this(reason, reason, cause);
  }

  private RedVerdictException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The RED reason with what the rollback did appended, thrown in place of the check's failure. */
  static RedVerdictException rolledBack(String reason, String rollback, Throwable cause) {
    return new RedVerdictException(
        reason, "RED: " + reason + System.lineSeparator() + rollback, cause);
  }

  /** Why the release is RED, without the rollback report. */
  public String reason() {
    return reason;
  }
}
