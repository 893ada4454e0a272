package io.intelgraph.cutover.ledger;

import java.util.Objects;

/**
 * The phase run that moves and judges the canary's traffic right now (canary, ramp), under a lease
 * it renews while it runs: a run that finds the canary short of the locked 100 %, no result of the
 * phase that set that weight, and this lease expired knows that phase's runner died, and applies
 * the halt policy ({@code rollback.on_halt}) for it.
 *
 * <pre>{@code
 * new TrafficOwner("ramp", RollbackLease.grant("4711@ci-7/<attempt>", now, Duration.ofMinutes(1)))
 * }</pre>
 *
 * @param phase the phase's tag, as its traffic steps and result name it
 * @param lease who runs it and until when that holds unless renewed
 */
public record TrafficOwner(String phase, RollbackLease lease) {
  public TrafficOwner {
    if (phase == null || phase.isBlank())
      throw new IllegalArgumentException("a traffic owner needs its phase");
    Objects.requireNonNull(lease, "traffic owner lease");
  }
}
