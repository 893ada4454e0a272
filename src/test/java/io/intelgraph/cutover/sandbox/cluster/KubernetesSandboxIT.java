package io.intelgraph.cutover.sandbox.cluster;

import static io.intelgraph.cutover.sandbox.cluster.ClusterNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.cluster.LatestBackup;
import io.intelgraph.cutover.cluster.ReadyConditions;
import io.intelgraph.cutover.cluster.TargetHealth;
import io.intelgraph.cutover.config.Backups;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesSandboxIT {

  private static final URI ISSUER = URI.create("http://127.0.0.1:1/default");
  private static final URI JWKS = URI.create("http://127.0.0.1:1/default/jwks");
  private KubernetesSandbox cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = KubernetesSandbox.start(ISSUER, JWKS, Clock.systemUTC());
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void deploymentsAreSeededRolledOut() {
    assertThat(cluster.masterUrl().toString()).startsWith("http://127.0.0.1:");
    assertRolledOut(STABLE_DEPLOYMENT, 3);
    assertRolledOut(CANARY_DEPLOYMENT, 2);
    assertRolledOut(OPA_DEPLOYMENT, 1);
  }

  private void assertRolledOut(String name, int replicas) {
    Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    assertThat(deployment).as("deployment %s/%s", NAMESPACE, name).isNotNull();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(replicas);
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(replicas);
    assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
    assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(replicas);
    assertThat(deployment.getStatus().getObservedGeneration())
        .isEqualTo(deployment.getMetadata().getGeneration());
    assertThat(deployment.getStatus().getConditions())
        .extracting(
            DeploymentCondition::getType,
            DeploymentCondition::getStatus,
            DeploymentCondition::getReason)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Available", "True", "MinimumReplicasAvailable"),
            org.assertj.core.groups.Tuple.tuple("Progressing", "True", "NewReplicaSetAvailable"));
  }

  @Test
  void scalingTheCanaryIsObservedInItsStatusAsOnARealCluster() {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CANARY_DEPLOYMENT)
        .edit(
            d -> {
              d.getSpec().setReplicas(0);
              return d;
            });

    org.awaitility.Awaitility.await("canary status at 0 replicas")
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(NAMESPACE)
                        .withName(CANARY_DEPLOYMENT)
                        .get()
                        .getStatus()
                        .getReplicas()
                    == 0);
    assertRolledOut(CANARY_DEPLOYMENT, 0);

    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CANARY_DEPLOYMENT)
        .edit(
            d -> {
              d.getSpec().setReplicas(2);
              return d;
            });
    org.awaitility.Awaitility.await("canary status back at 2 replicas")
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(NAMESPACE)
                        .withName(CANARY_DEPLOYMENT)
                        .get()
                        .getStatus()
                        .getReadyReplicas()
                    == 2);
  }

  @Test
  void ingressStartsAtZeroCanary() {
    var ingress = client.network().v1().ingresses().inNamespace(NAMESPACE).withName(INGRESS).get();

    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry(WEIGHTED_ROUTING_ANNOTATION, ClusterSeed.INITIAL_WEIGHTED_ROUTING);
    assertThat(new IngressTrafficWeights(client, Clock.systemUTC()).canaryPercent()).isZero();
  }

  @Test
  void certificatesAreReadyFor90Days() {
    List<GenericKubernetesResource> certificates = generic(CERTIFICATES);

    assertThat(certificates)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(API_CERTIFICATE, WEBSOCKET_CERTIFICATE);
    for (GenericKubernetesResource certificate : certificates) {
      assertThat(readyCondition(certificate)).containsEntry("status", "True");
      Instant notAfter = Instant.parse(status(certificate).get("notAfter").toString());
      assertThat(notAfter)
          .isBetween(
              Instant.now().plus(89, ChronoUnit.DAYS), Instant.now().plus(91, ChronoUnit.DAYS));
    }
  }

  @Test
  void externalSecretsAreSynced() {
    List<GenericKubernetesResource> secrets = generic(EXTERNAL_SECRETS);

    assertThat(secrets)
        .hasSize(3)
        .allSatisfy(
            secret ->
                assertThat(readyCondition(secret))
                    .containsEntry("status", "True")
                    .containsEntry("reason", "SecretSynced"));
  }

  @Test
  void externalSecretsAreServedAtV1() {
    assertThat(
            new ReadyConditions(client, NAMESPACE)
                .servedVersion(ReadyConditions.EXTERNAL_SECRETS_VERSIONS)
                .getVersion())
        .isEqualTo("v1");
  }

  @Test
  void targetGroupsAreHealthyAndAServiceScaledToZeroHasNoReadyEndpoint() {
    TargetHealth health = new TargetHealth(client, NAMESPACE);
    await("EndpointSlices of both Services")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> health.of(INGRESS, List.of(STABLE_SERVICE, CANARY_SERVICE)).problems().isEmpty());
    assertThat(health.of(INGRESS, List.of(STABLE_SERVICE)).services())
        .singleElement()
        .isEqualTo(new TargetHealth.ServiceTargets(STABLE_SERVICE, 1, 3, 3));

    client.apps().deployments().inNamespace(NAMESPACE).withName(CANARY_DEPLOYMENT).scale(0);

    await("canary Service without ready endpoints")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !health.of(INGRESS, List.of(STABLE_SERVICE, CANARY_SERVICE)).problems().isEmpty());
    assertThat(health.of(INGRESS, List.of(STABLE_SERVICE, CANARY_SERVICE)).problems())
        .containsExactly(
            "Service intelgraph-maestro/intelgraph-api-canary has no ready endpoint (0 endpoints in 1 slices, none ready): its target group has no healthy target");
  }

  @Test
  void lastNightsBackupIsASucceededJobAndACompletedVeleroBackup() {
    Backups job =
        new Backups(
            Backups.Source.JOB,
            "app.kubernetes.io/name=" + BACKUP_JOB_NAME,
            Optional.empty(),
            VELERO_NAMESPACE,
            Optional.empty(),
            "max(pg_stat_archiver_last_archive_age)",
            "sum(increase(pg_stat_archiver_failed_count[{{window}}]))");
    LatestBackup.Backup fromJob = new LatestBackup(client, NAMESPACE, job).newestSuccessful();
    LatestBackup.Backup fromVelero =
        new LatestBackup(
                client,
                NAMESPACE,
                new Backups(
                    Backups.Source.VELERO,
                    job.jobSelector(),
                    Optional.empty(),
                    VELERO_NAMESPACE,
                    Optional.of("velero.io/schedule-name=neo4j-daily"),
                    job.walArchiveAgeQuery(),
                    job.walFailuresQuery()))
            .newestSuccessful();

    assertThat(fromJob.id()).startsWith("neo4j-backup-").isEqualTo(fromVelero.id());
    assertThat(fromJob.age(Instant.now()))
        .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
    assertThat(fromVelero.completedAt()).isEqualTo(fromJob.completedAt());
  }

  @Test
  void configMapsCarryOidcAndTheFreeze() {
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(OIDC_CONFIG_MAP).get().getData())
        .containsEntry("issuer", ISSUER.toString())
        .containsEntry("jwks_uri", JWKS.toString());
    assertThat(
            client
                .configMaps()
                .inNamespace(NAMESPACE)
                .withName(DEPLOY_FREEZE_CONFIG_MAP)
                .get()
                .getData())
        .containsEntry("frozen", "true");
  }

  @Test
  @SuppressWarnings("unchecked")
  void httpRouteSendsEverythingToStable() {
    GenericKubernetesResource route =
        client
            .genericKubernetesResources(HTTP_ROUTES)
            .inNamespace(NAMESPACE)
            .withName(HTTP_ROUTE)
            .get();

    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) spec.get("rules");
    assertThat((List<Map<String, Object>>) rules.get(0).get("backendRefs"))
        .extracting(ref -> ref.get("name"), ref -> ref.get("weight"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(STABLE_SERVICE, 100),
            org.assertj.core.groups.Tuple.tuple(CANARY_SERVICE, 0));
  }

  @Test
  void aScaledDeploymentsStatusFollowsItsSpecAsAControllerWould() {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CANARY_DEPLOYMENT)
        .edit(
            d ->
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d)
                    .editSpec()
                    .withReplicas(0)
                    .endSpec()
                    .build());

    await("canary deployment status at 0 replicas")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(NAMESPACE)
                    .withName(CANARY_DEPLOYMENT)
                    .get()
                    .getStatus(),
            status ->
                status.getReplicas() == 0
                    && status.getReadyReplicas() == 0
                    && status.getAvailableReplicas() == 0);
  }

  @Test
  void movingTheAnnotationTo40MovesTheCanaryTo40() {
    IngressTrafficWeights weights = new IngressTrafficWeights(client, Clock.systemUTC());
    assertThat(weights.canaryPercent()).isZero();

    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .withName(INGRESS)
        .edit(
            ingress -> {
              ingress
                  .getMetadata()
                  .getAnnotations()
                  .put(
                      WEIGHTED_ROUTING_ANNOTATION,
                      ClusterSeed.INITIAL_WEIGHTED_ROUTING
                          .replace("\"weight\":100", "\"weight\":60")
                          .replace("\"weight\":0", "\"weight\":40"));
              return ingress;
            });

    await("canary weight 40 seen through the ingress")
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .until(weights::canaryPercent, percent -> percent == 40);
  }

  @Test
  void aRemovedAnnotationRoutesEverythingToStable() {
    IngressTrafficWeights weights = new IngressTrafficWeights(client, Clock.systemUTC());
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .withName(INGRESS)
        .edit(
            ingress -> {
              ingress
                  .getMetadata()
                  .getAnnotations()
                  .put(
                      WEIGHTED_ROUTING_ANNOTATION,
                      ClusterSeed.INITIAL_WEIGHTED_ROUTING
                          .replace("\"weight\":100", "\"weight\":0")
                          .replace("\"weight\":0}]", "\"weight\":100}]"));
              return ingress;
            });
    await("canary weight 100")
        .atMost(Duration.ofSeconds(3))
        .until(weights::canaryPercent, percent -> percent == 100);

    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .withName(INGRESS)
        .edit(
            ingress -> {
              ingress.getMetadata().getAnnotations().remove(WEIGHTED_ROUTING_ANNOTATION);
              return ingress;
            });

    await("canary weight back to 0 without the annotation")
        .atMost(Duration.ofSeconds(3))
        .until(weights::canaryPercent, percent -> percent == 0);
  }

  private List<GenericKubernetesResource> generic(ResourceDefinitionContext context) {
    return client.genericKubernetesResources(context).inNamespace(NAMESPACE).list().getItems();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("status");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readyCondition(GenericKubernetesResource resource) {
    Map<String, Object> status = status(resource);
    assertThat(status).as("status of %s", resource.getMetadata().getName()).isNotNull();
    return ((List<Map<String, Object>>) status.get("conditions"))
        .stream().filter(c -> "Ready".equals(c.get("type"))).findFirst().orElseThrow();
  }
}
