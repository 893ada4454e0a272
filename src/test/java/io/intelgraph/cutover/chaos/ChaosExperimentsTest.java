package io.intelgraph.cutover.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Chaos;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import io.intelgraph.cutover.sandbox.standin.ChaosMeshStandIn;
import io.intelgraph.cutover.testing.StubServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos experiments against fabric8's CRUD mock, with the sandbox's pod controller and Eviction
 * API behind it.
 */
class ChaosExperimentsTest {

  private static final String NS = ClusterNames.NAMESPACE;
  private static final String API = ClusterNames.STABLE_DEPLOYMENT;
  private KubernetesSandbox cluster;
  private StubServer prometheus;

  private KubernetesClient cluster(Duration podStartDelay) {
    cluster = KubernetesSandbox.withoutOidc(podStartDelay);
    return cluster.client();
  }

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
    if (prometheus != null) prometheus.close();
  }

  @Test
  void podDeletionIsTimedUntilANewPodIsReady() {
    KubernetesClient client = cluster(Duration.ofMillis(800));
    PodDeletion.Recovery recovery =
        new PodDeletion(client, NS, API, Duration.ofSeconds(20), Clock.systemUTC()).run();
    assertThat(recovery.recoveryTime())
        .isGreaterThanOrEqualTo(Duration.ofMillis(800))
        .isLessThan(Duration.ofSeconds(20));
    assertThat(recovery.replacement()).doesNotStartWith(recovery.deletedPod() + "@");
    assertThat(client.pods().inNamespace(NS).withName(recovery.deletedPod()).get()).isNull();
    assertThat(recovery.log().describe())
        .contains("delete pod " + recovery.deletedPod(), "fully available again with new pod");
  }

  @Test
  void slowRecoveryFailsNamingTheDeploymentAndTheBound() {
    KubernetesClient client = cluster(Duration.ofSeconds(30));
    assertThatThrownBy(
            () -> new PodDeletion(client, NS, API, Duration.ofSeconds(2), Clock.systemUTC()).run())
        .isInstanceOf(ChaosException.class)
        .hasMessageContaining(
            "pod deletion: %s/%s did not recover within chaos.timeout PT2S".formatted(NS, API))
        .hasMessageContaining("not ready");
  }

  @Test
  void nodeDrainEvictsMigratesAndUncordons() {
    KubernetesClient client = cluster(Duration.ofMillis(500));
    NodeDrain.Migration migration =
        new NodeDrain(
                client, NS, API, Duration.ofSeconds(20), Duration.ofMillis(200), Clock.systemUTC())
            .run();
    assertThat(migration.evicted()).isNotEmpty();
    assertThat(migration.migrationTime()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(migration.uncordoned()).isTrue();
    assertThat(client.nodes().withName(migration.node()).get().getSpec().getUnschedulable())
        .isNotEqualTo(Boolean.TRUE);
    assertThat(client.pods().inNamespace(NS).withLabel("app", API).list().getItems())
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotEqualTo(migration.node()));
    assertThat(migration.log().describe())
        .contains(
            "cordon node " + migration.node(),
            "evicted pod",
            "uncordoned node " + migration.node());
  }

  @Test
  void evictionBlockedByADisruptionBudgetPastTheBoundFailsAndStillUncordons() {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(API).delete();
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(NS)
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("api-no-disruption")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(3))
                .withNewSelector()
                .addToMatchLabels("app", API)
                .endSelector()
                .endSpec()
                .build())
        .create();
    assertThatThrownBy(
            () ->
                new NodeDrain(
                        client,
                        NS,
                        API,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(200),
                        Clock.systemUTC())
                    .run())
        .isInstanceOf(ChaosException.class)
        .hasMessageMatching(
            "(?s).*was refused [1-9][0-9]* times with 429 Too Many Requests within chaos.timeout PT1S.*")
        .hasMessageContaining("api-no-disruption (minAvailable 3")
        .hasMessageContaining("was uncordoned afterwards (verified)");
    assertThat(client.nodes().list().getItems())
        .allSatisfy(n -> assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));
  }

  @Test
  void partitionThatOpensTheBreakerIsAnActivation() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    injected(client);
    PromQlClient promQl =
        prometheus(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[%d,\"1\"]}]}}");
    NetworkPartition.Activation activation =
        new NetworkPartition(client, NS, promQl, Duration.ofSeconds(5), Clock.systemUTC())
            .run(Optional.of(ClusterNames.NETWORK_CHAOS_NAME), "breaker_open");
    assertThat(activation.injectedAt()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(activation.log().describe())
        .contains("injected at 2026-01-01T00:00:00Z", "circuit breaker open: value 1.0");
  }

  @Test
  void partitionWithoutBreakerDataIsNoActivation() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    injected(client);
    PromQlClient promQl =
        prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThatThrownBy(
            () ->
                new NetworkPartition(client, NS, promQl, Duration.ofSeconds(1), Clock.systemUTC())
                    .run(Optional.of(ClusterNames.NETWORK_CHAOS_NAME), "breaker_open"))
        .isInstanceOf(ChaosException.class)
        .hasMessageContaining(
            "the circuit breaker did not activate within chaos.partition_timeout PT1S")
        .hasMessageContaining("breaker_open read: no data");
  }

  @Test
  void partitionNeverInjectedFailsWithTheExperimentsStatus() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    appliedBySomeoneElse(client);
    PromQlClient promQl =
        prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThatThrownBy(
            () ->
                new NetworkPartition(client, NS, promQl, Duration.ofSeconds(1), Clock.systemUTC())
                    .run(Optional.of(ClusterNames.NETWORK_CHAOS_NAME), "breaker_open"))
        .isInstanceOf(ChaosException.class)
        .hasMessageContaining(
            "NetworkChaos %s/%s was not injected (condition AllInjected not True)"
                .formatted(NS, ClusterNames.NETWORK_CHAOS_NAME))
        .hasMessageContaining("AllInjected=False");
  }

  @Test
  void aCreatedPartitionIsInjectedJudgedAndDeletedAfterwards() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    PromQlClient promQl =
        prometheus(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[%d,\"1\"]}]}}");
    try (ChaosMeshStandIn chaosMesh =
        ChaosMeshStandIn.start(client, NS, ClusterNames.NETWORK_CHAOS_NAME, Clock.systemUTC())) {
      NetworkPartition.Activation activation =
          new NetworkPartition(client, NS, promQl, Duration.ofSeconds(15), Clock.systemUTC())
              .create(
                  ClusterNames.NETWORK_CHAOS_NAME,
                  ClusterNames.CANARY_DEPLOYMENT,
                  PARTITION,
                  "breaker_open");

      assertThat(activation.log().describe())
          .contains(
              "created NetworkChaos %s/%s: partition to from pods {app=%s} of %s/%s to pods"
                      .formatted(
                          NS,
                          ClusterNames.NETWORK_CHAOS_NAME,
                          ClusterNames.CANARY_DEPLOYMENT,
                          NS,
                          ClusterNames.CANARY_DEPLOYMENT)
                  + " {app=neo4j}, duration PT5M",
              "AllInjected=True",
              "circuit breaker open: value 1.0",
              "NetworkChaos %s/%s removed".formatted(NS, ClusterNames.NETWORK_CHAOS_NAME));
      assertThat(experiment(client)).as("deleted after the line").isNull();
    }
  }

  @Test
  void aCreatedPartitionIsDeletedAlsoWhenTheBreakerNeverOpens() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    PromQlClient promQl =
        prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    try (ChaosMeshStandIn chaosMesh =
        ChaosMeshStandIn.start(client, NS, ClusterNames.NETWORK_CHAOS_NAME, Clock.systemUTC())) {
      assertThatThrownBy(
              () ->
                  new NetworkPartition(client, NS, promQl, Duration.ofSeconds(1), Clock.systemUTC())
                      .create(
                          ClusterNames.NETWORK_CHAOS_NAME,
                          ClusterNames.STABLE_DEPLOYMENT,
                          PARTITION,
                          "breaker_open"))
          .isInstanceOf(ChaosException.class)
          .hasMessageContaining(
              "the circuit breaker did not activate within chaos.partition_timeout PT1S")
          .hasMessageContaining(
              "(NetworkChaos %s/%s, created by the suite, was deleted and is gone)"
                  .formatted(NS, ClusterNames.NETWORK_CHAOS_NAME));
      assertThat(experiment(client)).as("deleted although the experiment failed").isNull();
    }
  }

  @Test
  void anExistingExperimentOfThatNameIsNeitherTakenOverNorDeleted() throws IOException {
    KubernetesClient client = cluster(Duration.ofMillis(200));
    appliedBySomeoneElse(client);
    PromQlClient promQl =
        prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");

    assertThatThrownBy(
            () ->
                new NetworkPartition(client, NS, promQl, Duration.ofSeconds(1), Clock.systemUTC())
                    .create(
                        ClusterNames.NETWORK_CHAOS_NAME,
                        ClusterNames.STABLE_DEPLOYMENT,
                        PARTITION,
                        "breaker_open"))
        .isInstanceOf(ChaosException.class)
        .hasMessageContaining(
            "creating NetworkChaos %s/%s (chaos-mesh.org/v1alpha1) failed: HTTP 409"
                .formatted(NS, ClusterNames.NETWORK_CHAOS_NAME))
        .hasMessageContaining(
            "the suite neither takes it over nor deletes it: remove it (kubectl -n %s delete networkchaos %s)"
                .formatted(NS, ClusterNames.NETWORK_CHAOS_NAME));
    assertThat(experiment(client)).as("someone else's experiment is left in place").isNotNull();
  }

  @Test
  void goDurationsAreWrittenAsChaosMeshReadsThem() {
    assertThat(NetworkPartition.chaosMeshDuration(Duration.ofMinutes(5))).isEqualTo("300s");
    assertThat(NetworkPartition.chaosMeshDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  private static final Chaos.Partition PARTITION =
      new Chaos.Partition(true, Map.of("app", "neo4j"), "to", Duration.ofMinutes(5));

  private static io.fabric8.kubernetes.api.model.GenericKubernetesResource experiment(
      KubernetesClient client) {
    return client
        .genericKubernetesResources(NetworkPartition.NETWORK_CHAOS)
        .inNamespace(NS)
        .withName(ClusterNames.NETWORK_CHAOS_NAME)
        .get();
  }

  @Test
  void chaosOffFailsTheLineSayingHowToTurnItOn() {
    Environment env = TestEnvironments.prodExample(Map.of());
    assertThatThrownBy(() -> ChaosPermit.require(env, "Pod deletion test"))
        .hasMessage(
            "Pod deletion test: not configured: chaos is off for this environment; set chaos.enabled: true to run it (environment 'prod')");
  }

  @Test
  void chaosInObserveModeIsRefused() {
    Environment env =
        TestEnvironments.prodExample(
            Map.of("cutover.chaos.enabled", "true", "cutover.mode", "observe"));
    assertThatThrownBy(() -> ChaosPermit.require(env, "Node drain test"))
        .hasMessageContaining("Node drain test: refused: environment 'prod' is in mode: observe");
  }

  /** A NetworkChaos applied outside the suite, as the read-only partition line expects one. */
  private static void appliedBySomeoneElse(KubernetesClient client) {
    var chaos = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    chaos.setApiVersion("chaos-mesh.org/v1alpha1");
    chaos.setKind("NetworkChaos");
    chaos.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(NS)
            .withName(ClusterNames.NETWORK_CHAOS_NAME)
            .build());
    chaos.setAdditionalProperty(
        "spec", Map.of("action", "partition", "mode", "all", "direction", "to"));
    chaos.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            java.util.List.of(Map.of("type", "AllInjected", "status", "False")),
            "experiment",
            Map.of("containerRecords", java.util.List.of())));
    client
        .genericKubernetesResources(NetworkPartition.NETWORK_CHAOS)
        .inNamespace(NS)
        .resource(chaos)
        .create();
  }

  private static void injected(KubernetesClient client) {
    appliedBySomeoneElse(client);
    var resource =
        client
            .genericKubernetesResources(NetworkPartition.NETWORK_CHAOS)
            .inNamespace(NS)
            .withName(ClusterNames.NETWORK_CHAOS_NAME);
    var chaos = resource.get();
    chaos
        .getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "conditions", java.util.List.of(Map.of("type", "AllInjected", "status", "True")),
                "experiment",
                    Map.of(
                        "containerRecords",
                        java.util.List.of(
                            Map.of(
                                "phase",
                                "Injected",
                                "events",
                                java.util.List.of(
                                    Map.of(
                                        "type",
                                        "Succeeded",
                                        "operation",
                                        "Apply",
                                        "timestamp",
                                        "2026-01-01T00:00:00Z")))))));
    resource.updateStatus(chaos);
  }

  private PromQlClient prometheus(String answer) {
    prometheus =
        StubServer.start()
            .route(
                "/api/v1/query",
                request ->
                    StubServer.Response.of(200, answer.formatted(System.currentTimeMillis() / 1000))
                        .withHeader("Content-Type", "application/json"));
    return new PromQlClient(prometheus.uri(""), Duration.ofSeconds(2));
  }
}
