/**
 * The ledger: the durable record of one release attempt (baselines, every gate evaluation, phase
 * results, traffic steps, attestations, the rollback and its lease), in a file or a Kubernetes
 * ConfigMap, written with optimistic concurrency so phases on different runners build on each
 * other. It stores history and does not decide. May import {@code config}, {@code support} and the
 * value types of {@code gate} (outcome, verdict); {@code gate} never imports it.
 */
package io.intelgraph.cutover.ledger;
