package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The day-3 closeout's chaos experiments. They act on the environment's cluster (in production:
 * production), so they are off unless an environment turns them on, and never run in {@code mode:
 * observe}.
 *
 * @param enabled whether the suite may delete a pod, drain a node and read a partition experiment;
 *     default false
 * @param deployment the API deployment the experiments act on; absent = {@code
 *     cluster.stable_deployment} (at 100 %)
 * @param podRecoveryTarget a deleted pod's deployment must be fully available again (a new pod
 *     ready) within this
 * @param nodeMigrationTarget a drained node's API pods must run and be ready elsewhere within this
 * @param timeout the bound of each experiment's every wait (recovery, eviction retries, migration)
 * @param evictionBackoff the first wait after an eviction refused with 429 (a PodDisruptionBudget);
 *     doubled per retry
 * @param networkChaos the Chaos Mesh {@code NetworkChaos} (namespace {@code cluster.namespace})
 *     whose status tells a partition was injected and recovered
 * @param circuitBreakerQuery or: PromQL whose value is 1 once the circuit breaker opened (e.g. the
 *     breaker's state metric)
 * @param partitionTimeout how long the partition may take to activate the circuit breaker
 */
public record Chaos(
    boolean enabled,
    Optional<String> deployment,
    Duration podRecoveryTarget,
    Duration nodeMigrationTarget,
    Duration timeout,
    Duration evictionBackoff,
    Optional<String> networkChaos,
    Optional<String> circuitBreakerQuery,
    Duration partitionTimeout) {

  public Chaos {
    requirePositive("pod_recovery_target", podRecoveryTarget);
    requirePositive("node_migration_target", nodeMigrationTarget);
    requirePositive("timeout", timeout);
    requirePositive("eviction_backoff", evictionBackoff);
    requirePositive("partition_timeout", partitionTimeout);
    if (evictionBackoff.compareTo(timeout) >= 0) {
      throw new IllegalArgumentException(
          "eviction_backoff (%s) must be shorter than timeout (%s), e.g. 2s"
              .formatted(evictionBackoff, timeout));
    }
  }

  static void requirePositive(String key, Duration value) {
    if (value.isZero() || value.isNegative())
      throw new IllegalArgumentException(
          key + " must be a positive duration, e.g. 2m, got " + value);
  }
}
