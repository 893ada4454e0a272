package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The day-3 closeout's chaos experiments. They act on the environment's cluster (in production:
 * production), so they are off unless an environment turns them on, and never run in {@code mode:
 * observe}.
 *
 * @param enabled whether the suite may delete a pod, drain a node and read a partition experiment;
 *     default false
 * @param deployment the API deployment the experiments act on; absent = the deployment that carries
 *     the traffic (by the live routing weights, else the ledger's last traffic step: after the
 *     lock, {@code cluster.canary_deployment})
 * @param podRecoveryTarget a deleted pod's deployment must be fully available again (a new pod
 *     ready) within this
 * @param nodeMigrationTarget a drained node's API pods must run and be ready elsewhere within this
 * @param timeout the bound of each experiment's every wait (recovery, eviction retries, migration)
 * @param evictionBackoff the first wait after an eviction refused with 429 (a PodDisruptionBudget);
 *     doubled per retry
 * @param networkChaos the Chaos Mesh {@code NetworkChaos} (namespace {@code cluster.namespace})
 *     whose status tells a partition was injected and recovered; with {@code
 *     network_partition.create} the name of the one the suite creates (and always deletes)
 * @param circuitBreakerQuery or: PromQL whose value is 1 once the circuit breaker opened (e.g. the
 *     breaker's state metric)
 * @param partitionTimeout how long the partition may take to activate the circuit breaker
 * @param networkPartition whether and how the suite creates the partition itself
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
    Duration partitionTimeout,
    Partition networkPartition) {

  public Chaos {
    requirePositive("pod_recovery_target", podRecoveryTarget);
    requirePositive("node_migration_target", nodeMigrationTarget);
    requirePositive("timeout", timeout);
    requirePositive("eviction_backoff", evictionBackoff);
    requirePositive("partition_timeout", partitionTimeout);
    if (networkPartition.create() && networkChaos.isEmpty()) {
      throw new IllegalArgumentException(
          "network_partition.create is true but network_chaos is not set; name the NetworkChaos the"
              + " suite creates and deletes, e.g. network_chaos: maestro-cutover-partition");
    }
    if (evictionBackoff.compareTo(timeout) >= 0) {
      throw new IllegalArgumentException(
          "eviction_backoff (%s) must be shorter than timeout (%s), e.g. 2s"
              .formatted(evictionBackoff, timeout));
    }
  }

  /**
   * The partition the network-partition line creates when {@code create} is true: a Chaos Mesh
   * {@code NetworkChaos} (https://chaos-mesh.org/docs/simulate-network-chaos-on-kubernetes/) named
   * {@code chaos.network_chaos}, {@code action: partition}, from every pod of the deployment that
   * carries the traffic to every pod matching {@code target} in {@code cluster.namespace}; deleted
   * after the line, whatever happened.
   *
   * <pre>
   * chaos:
   *   network_chaos: api-neo4j-partition
   *   network_partition: {create: true, target: {app.kubernetes.io/name: neo4j}, direction: to, duration: 5m}
   * </pre>
   *
   * @param create false: the line only reads a NetworkChaos someone else applies
   * @param target the labels of the pods the API is cut off from (e.g. Neo4j's); required to create
   * @param direction Chaos Mesh's {@code to}, {@code from} or {@code both}
   * @param duration Chaos Mesh's {@code duration}: it recovers the partition by itself after this
   *     even if the suite dies before deleting it
   */
  public record Partition(
      boolean create, Map<String, String> target, String direction, Duration duration) {
    /** Chaos Mesh's partition directions. */
    public static final List<String> DIRECTIONS = List.of("to", "from", "both");

    public Partition {
      target = Map.copyOf(target);
      if (!DIRECTIONS.contains(direction)) {
        throw new IllegalArgumentException(
            "network_partition.direction is '%s'; expected one of %s (Chaos Mesh NetworkChaos)"
                .formatted(direction, DIRECTIONS));
      }
      requirePositive("network_partition.duration", duration);
      if (create && target.isEmpty()) {
        throw new IllegalArgumentException(
            "network_partition.create is true but network_partition.target is empty; give the"
                + " labels of the pods to cut the API off from, e.g. {app.kubernetes.io/name: neo4j}");
      }
    }
  }

  static void requirePositive(String key, Duration value) {
    if (value.isZero() || value.isNegative())
      throw new IllegalArgumentException(
          key + " must be a positive duration, e.g. 2m, got " + value);
  }
}
