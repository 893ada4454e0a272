package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.chaos.ChaosException;
import io.intelgraph.cutover.chaos.ChaosPermit;
import io.intelgraph.cutover.chaos.NetworkPartition;
import io.intelgraph.cutover.chaos.NodeDrain;
import io.intelgraph.cutover.chaos.PodDeletion;
import io.intelgraph.cutover.config.Chaos;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.recovery.Neo4jBackupVerification;
import io.intelgraph.cutover.recovery.RecoveryException;
import io.intelgraph.cutover.recovery.RestoreDrillRunner;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The closeout's chaos and backup lines: each runs its experiment or drill, attaches every step as
 * evidence and judges the measured figure against its target. A refusal (chaos off, observe mode),
 * an experiment that could not finish or a missing backup is an assertion failure with the reason,
 * never a skip or a pass.
 */
final class DrillLines {

  private DrillLines() {}

  static void podDeletion(Environment env, KubernetesClient client) {
    Chaos chaos = permitted(env, "Pod deletion test");
    PodDeletion.Recovery r =
        performed(
            () ->
                new PodDeletion(
                        client,
                        env.cluster().namespace(),
                        deployment(env),
                        chaos.timeout(),
                        Clock.systemUTC())
                    .run());
    evidence(env).attach("Pod deletion test", "text/plain", r.log().describe());
    assertThat(r.recoveryTime())
        .as(
            "pod %s (node %s) of %s deleted at %s; fully available again with new pod %s at %s: recovery %s vs chaos.pod_recovery_target %s",
            r.deletedPod(),
            r.node(),
            r.deployment(),
            r.deletedAt(),
            r.replacement(),
            r.recoveredAt(),
            r.recoveryTime(),
            chaos.podRecoveryTarget())
        .isLessThanOrEqualTo(chaos.podRecoveryTarget());
  }

  static void nodeDrain(Environment env, KubernetesClient client) {
    Chaos chaos = permitted(env, "Node drain test");
    NodeDrain.Migration m =
        performed(
            () ->
                new NodeDrain(
                        client,
                        env.cluster().namespace(),
                        deployment(env),
                        chaos.timeout(),
                        chaos.evictionBackoff(),
                        Clock.systemUTC())
                    .run());
    evidence(env).attach("Node drain test", "text/plain", m.log().describe());
    assertThat(m.migrationTime())
        .as(
            "node %s drained at %s: pods %s of %s evicted (%d evictions refused by a PodDisruptionBudget and retried), ready elsewhere at %s, node uncordoned: "
                + "migration %s vs chaos.node_migration_target %s",
            m.node(),
            m.drainStartedAt(),
            m.evicted(),
            m.deployment(),
            m.refusedEvictions(),
            m.migratedAt(),
            m.migrationTime(),
            chaos.nodeMigrationTarget())
        .isLessThanOrEqualTo(chaos.nodeMigrationTarget());
  }

  static void networkPartition(Environment env, KubernetesClient client) {
    Chaos chaos = permitted(env, "Network partition");
    if (chaos.circuitBreakerQuery().isEmpty()) {
      fail(
          "Network partition: not configured: chaos.circuit_breaker_query (PromQL, 1 = breaker open) is missing, so the circuit breaker's activation "
              + "cannot be observed in environment '%s'; chaos.network_chaos only says the partition was injected"
                  .formatted(env.name()));
    }
    NetworkPartition.Activation a =
        performed(
            () ->
                new NetworkPartition(
                        client,
                        env.cluster().namespace(),
                        PromQlClient.forEnvironment(env),
                        chaos.partitionTimeout(),
                        Clock.systemUTC())
                    .run(chaos.networkChaos(), chaos.circuitBreakerQuery().get()));
    evidence(env).attach("Network partition", "text/plain", a.log().describe());
    assertThat(a.activationTime())
        .as(
            "partition %s injected at %s; circuit breaker (%s) open at %s (%s): activation %s vs chaos.partition_timeout %s",
            a.experiment().orElse("(outside the suite)"),
            a.injectedAt(),
            chaos.circuitBreakerQuery().get(),
            a.activatedAt(),
            a.breakerAnswer(),
            a.activationTime(),
            chaos.partitionTimeout())
        .isLessThanOrEqualTo(chaos.partitionTimeout());
  }

  static void restoreDrill(Environment env) {
    RestoreDrillRunner.Drill d =
        performed(() -> new RestoreDrillRunner(env.restoreDrill(), Clock.systemUTC()).run());
    evidence(env).attach("PostgreSQL restore drill", "text/plain", d.log().describe());
    String figures =
        "restore of %s: RTO %s (target %s), RPO %s (source's newest %s, restored newest %s; target %s)"
            .formatted(
                d.backup(),
                d.rto(),
                env.restoreDrill().rtoTarget(),
                d.rpo(),
                d.sourceNewest(),
                d.restoredNewest(),
                env.restoreDrill().rpoTarget());
    assertThat(d.rto()).as("RTO: " + figures).isLessThanOrEqualTo(env.restoreDrill().rtoTarget());
    assertThat(d.rpo()).as("RPO: " + figures).isLessThanOrEqualTo(env.restoreDrill().rpoTarget());
  }

  static void neo4jBackup(Environment env, KubernetesClient client) {
    Neo4jBackupVerification verification =
        new Neo4jBackupVerification(env.neo4jBackup(), Clock.systemUTC());
    Neo4jBackupVerification.Result r =
        performed(
            () ->
                env.neo4jBackup().source().equals("job")
                    ? verification.fromJob(client, env.cluster().namespace())
                    : verification.fromPrometheus(PromQlClient.forEnvironment(env)));
    evidence(env).attach("Neo4j backup verification", "text/plain", r.describe());
    assertThat(r.integrity())
        .as("Neo4j backup " + r.describe())
        .isEqualTo(env.neo4jBackup().integrityPassed());
  }

  private static Chaos permitted(Environment env, String line) {
    performed(
        () -> {
          ChaosPermit.require(env, line);
          return null;
        });
    return env.chaos();
  }

  private static String deployment(Environment env) {
    return env.chaos().deployment().orElse(env.cluster().stableDeployment());
  }

  /**
   * An experiment or drill that could not run or did not finish is this line's failure, with its
   * reason and steps.
   */
  private static <T> T performed(Supplier<T> action) {
    try {
      return action.get();
    } catch (ChaosException | RecoveryException e) {
      return fail(e.getMessage(), e);
    }
  }

  private static EvidenceWriter evidence(Environment env) {
    return EvidenceWriter.forPhase(
        env.evidence().directory(),
        env.release().tag(),
        "closeout",
        new Redactor(SecretRegistry.run()));
  }
}
