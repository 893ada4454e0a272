package io.intelgraph.cutover.config;

/**
 * What the suite does with a canary left between 0 % and the locked 100 % by a phase that did not
 * pass (a failed golden at T-0, a ramp step that never settles, a refused, failed or crashed
 * phase): {@code rollback.on_halt}.
 *
 * <pre>{@code
 * rollback:
 *   on_halt: rollback   # default: the runbook never lets a failed canary keep serving
 * }</pre>
 */
public enum HaltPolicy {
  /** Run the rollback plan, once per attempt, with the reason {@code halted: ...}. */
  ROLLBACK,
  /**
   * Keep the canary's weight, record the hold, and let the gate phase (and the scheduled gate job)
   * watch the canary at that weight until a person rolls back by hand or starts a new attempt.
   */
  HOLD
}
