package io.intelgraph.cutover.junit;

/**
 * A check's signal that the release is YELLOW: the check fails and is reported, nothing is rolled
 * back (keep watching, change nothing). Any failure of a check that is not {@link Critical} is
 * treated the same way; this type only makes the intent explicit.
 *
 * <pre>{@code
 * throw new YellowVerdictException("api_p95 breached once: 380 ms > 350 ms at 14:15Z (streak 1)");
 * }</pre>
 */
public class YellowVerdictException extends AssertionError {
  private static final long serialVersionUID = 1L;

  public YellowVerdictException(String reason) {
    super(reason);
  }
}
