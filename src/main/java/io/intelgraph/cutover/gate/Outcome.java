package io.intelgraph.cutover.gate;

/**
 * What one gate evaluation saw. Only {@link #PASS} is healthy: every other outcome counts as a
 * failure in the verdict rules (fail closed), and each says why differently so a person can act.
 */
public enum Outcome {
  /** The value is a finite number that meets the threshold (and the baseline limit, if any). */
  PASS,
  /** The value is out of bounds, including +/-Inf (beyond the largest histogram bucket, or x/0). */
  BREACH,
  /**
   * Prometheus answered, but with nothing to judge: an empty vector, or NaN (0/0, an empty
   * histogram).
   */
  NO_DATA,
  /**
   * The newest raw sample behind the gate is older than {@code max_staleness}, or there is none in
   * the lookback.
   */
  STALE,
  /**
   * Fewer requests in the window than {@code min_traffic}: too few to judge a ratio or a quantile.
   */
  LOW_SAMPLE,
  /**
   * No usable answer: Prometheus unreachable, timed out, rejected the query, or sent something
   * malformed.
   */
  ERROR;

  public boolean isPass() {
    return this == PASS;
  }

  /** Evidence of nothing, neither health nor harm: every outcome but PASS and BREACH. */
  public boolean isInconclusive() {
    return this != PASS && this != BREACH;
  }
}
