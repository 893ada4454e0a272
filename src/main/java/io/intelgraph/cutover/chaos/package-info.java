/**
 * Chaos experiments the day-3 closeout performs through the Kubernetes API: a pod deleted, a node
 * drained through the Eviction API, a network partition's effect on the circuit breaker. They act
 * on the environment's real cluster, so {@link io.intelgraph.cutover.chaos.ChaosPermit} refuses
 * them unless the environment enabled them and drives (never in {@code mode: observe}); every step
 * is bounded and recorded in an {@link io.intelgraph.cutover.support.StepLog} for the evidence.
 *
 * <p>May import {@code config}, {@code prometheus}, {@code support} and {@code waiting}.
 */
package io.intelgraph.cutover.chaos;
