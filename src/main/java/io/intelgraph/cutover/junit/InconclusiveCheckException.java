package io.intelgraph.cutover.junit;

/**
 * A check's signal that it could not observe what it checks (its system unreachable, an outage's
 * answer, a prerequisite missing): the check fails, which is never a pass, but even on a {@link
 * Critical} check it is not evidence of harm, so nothing is rolled back. Only what was actually
 * seen (e.g. the API accepting a forged token) is RED.
 *
 * <pre>{@code
 * if (findings.regressed()) throw new RedVerdictException(...);
 * if (!findings.inconclusive().isEmpty()) throw new InconclusiveCheckException("security goldens could not judge: ...");
 * }</pre>
 */
public class InconclusiveCheckException extends AssertionError {
  private static final long serialVersionUID = 1L;

  public InconclusiveCheckException(String reason) {
    super(reason);
  }

  public InconclusiveCheckException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
