package io.intelgraph.cutover.gate;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Where a gate check's history lives, so that a streak started by one runner is continued by the
 * next: the ledger in a run ({@code ledger.LedgerGateHistory}). The gate domain decides; this only
 * reads and appends, which keeps {@code gate} free of the ledger (it stores history, it does not
 * decide).
 *
 * <pre>{@code
 * GateReport report = history.append(past -> judge(past, evaluations));
 * }</pre>
 */
public interface GateHistory {

  /** The recorded T-30 baselines as gates apply them, over {@code rateWindow}. */
  Baselines baselines(Duration rateWindow);

  /**
   * Reads the history, lets {@code judge} decide this check over it, and appends the check; all
   * atomically, so two runners checking at once cannot both count themselves "first failure".
   * {@code judge} may be called more than once (a concurrent change is retried) and must be pure.
   *
   * @return the check as judged over the history it was appended to
   */
  GateReport append(Function<Past, GateReport> judge);

  /**
   * What {@code judge} makes of the history as it stands, appending nothing: a check that may wait
   * for a person looks before it appends (the append holds the store while it judges).
   */
  <T> T read(Function<Past, T> judge);

  /** The history a check is judged over. */
  interface Past {

    /** How many checks {@code phase} made so far in this attempt. */
    int checks(String phase);

    /**
     * The earlier evaluations of {@code latest}'s gate in this attempt, whatever their phase or
     * scope, oldest first, as the verdict rules read them: only gate, time and outcome of a past
     * evaluation count (the latest, which is live, decides criticality and threshold).
     */
    List<GateEvaluation> history(GateEvaluation latest);
  }
}
