/**
 * The ledger: the durable record of one release attempt (baselines, every gate evaluation, phase
 * results, traffic steps, attestations, the rollback and its lease), in a file or a Kubernetes
 * ConfigMap, written with optimistic concurrency so phases on different runners build on each
 * other. It stores history and does not decide: {@link
 * io.intelgraph.cutover.ledger.LedgerGateHistory} is the gate checks' history, {@link
 * io.intelgraph.cutover.ledger.GateRecords} maps evaluations to records and back. May import {@code
 * config}, {@code support} and the value types of {@code gate} (outcome, verdict); {@code gate}
 * never imports it.
 */
package io.intelgraph.cutover.ledger;
