package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.ledger.StableRecovery;
import java.time.Duration;
import java.time.Instant;

/**
 * The proof that the stable track serves after the rollback moved the traffic back: the plan's last
 * check, run once the actions and the cluster verification held. Whoever owns the signals plugs it
 * in (the run of show and the {@code rollback} command compose it from the gates and the goldens);
 * the rollback only records what it says and ends DONE or DONE_UNHEALTHY by it.
 *
 * <pre>{@code
 * RollbackPlan plan = RollbackPlan.of(env, client, List.of(), proof);
 * StableRecovery stable = plan.proveRecovery(results).orElseThrow();
 * }</pre>
 */
public interface RecoveryProof {

  /**
   * Waits, at most {@link #timeout()} plus one judgement, until stable is proven healthy on traffic
   * after {@code switchedAt}, and says what held or what is still wrong. Never throws for what the
   * system does: an outage or missing data is an unhealthy recovery with the reason.
   */
  StableRecovery prove(Instant switchedAt);

  /**
   * How long {@link #prove} may wait ({@code rollback.recovery_timeout}), for the plan's worst
   * case.
   */
  Duration timeout();
}
