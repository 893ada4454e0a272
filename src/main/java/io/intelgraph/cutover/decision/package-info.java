/**
 * A person's decision on a gate check that stayed inconclusive ({@code escalation.decide:
 * approval}): the {@code decide} command records the signed statement in the ledger as an event of
 * kind {@code decision}; the waiting check polls the ledger, verifies the signature and the role,
 * and hands the gate domain the decision. May import {@code approval} (the statement), {@code
 * config}, {@code gate} (the desk it serves), {@code ledger} (where decisions are recorded) and
 * {@code waiting}.
 */
package io.intelgraph.cutover.decision;
