package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.gate.CheckCadence;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.Scope;
import java.time.Instant;

/**
 * The gate checks of one phase as a {@link GateCheckLine} uses them: each check evaluated, judged
 * over the ledger's history and recorded, its evidence attached. In a run this is the JUnit layer's
 * {@code GateChecks}; the lines' unit tests script it. Nothing here enforces a verdict: a line
 * reports it ({@link GateLineReport}) and the JUnit layer fails the check or rolls back.
 *
 * <pre>{@code
 * GateReport report = checks.decide(Scope.CANARY, "canary at 40 %"); // YELLOW followed up
 * }</pre>
 */
public interface PhaseGateChecks {

  /** Evaluates every gate of {@code scope} now and records the check. */
  GateReport check(Scope scope);

  /**
   * Checks {@code scope} until it is decided: GREEN or RED at once, a YELLOW followed up after the
   * follow-up interval; the last check is returned, YELLOW if it never settled.
   *
   * @param where what is being judged, for the progress lines, e.g. "canary at 40 %"
   */
  GateReport decide(Scope scope, String where);

  /** Waits, bounded and with progress, until {@code due}; returns at once if it has passed. */
  void awaitNextCheck(Instant due, String alias);

  /** When this phase's checks may judge: the fresh window, the follow-up interval, the soak. */
  CheckCadence cadence();
}
