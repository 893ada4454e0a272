package io.intelgraph.cutover.sandbox.cluster;

import static io.intelgraph.cutover.sandbox.cluster.ClusterNames.*;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.sandbox.standin.OpaStandIn;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes the objects the runbook inspects into a fresh mock API server: a healthy, rolled-out
 * stable (3 replicas) and canary (2 replicas), OPA, the ingress and HTTPRoute at 100/0, valid
 * certificates, synced external secrets, the policy bundle revision annotated on OPA's deployment,
 * the OIDC config map and an active deploy freeze. Status is written through the status subresource
 * where the server strips it on create.
 */
final class ClusterSeed {

  /**
   * Canary at 0 %: the ALB controller's forward action, as the ingress carries it before the ramp.
   */
  static final String INITIAL_WEIGHTED_ROUTING =
      "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":["
          + "{\"serviceName\":\"intelgraph-api\",\"servicePort\":80,\"weight\":100},"
          + "{\"serviceName\":\"intelgraph-api-canary\",\"servicePort\":80,\"weight\":0}]}}";

  private static final String BACKUP_JOB_LABEL = "app.kubernetes.io/name=" + BACKUP_JOB_NAME;

  private final KubernetesClient client;
  private final Instant now;

  ClusterSeed(KubernetesClient client, Instant now) {
    this.client = client;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  void seed(URI oidcIssuer, URI jwksUri) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    for (String node : NODES) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .addToLabels("kubernetes.io/hostname", node)
                  .endMetadata()
                  .withNewSpec()
                  .withUnschedulable(false)
                  .endSpec()
                  .withNewStatus()
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .withReason("KubeletReady")
                  .endCondition()
                  .endStatus()
                  .build())
          .create();
    }
    deployment(STABLE_DEPLOYMENT, "stable", 3, "ghcr.io/intelgraph/api:1.41.2");
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(NAMESPACE)
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(STABLE_DEPLOYMENT)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(2))
                .withNewSelector()
                .addToMatchLabels("app", STABLE_DEPLOYMENT)
                .endSelector()
                .endSpec()
                .build())
        .create();
    deployment(CANARY_DEPLOYMENT, "canary", 2, "ghcr.io/intelgraph/api:1.42.0");
    deployment(
        OPA_DEPLOYMENT,
        "opa",
        1,
        "openpolicyagent/opa:0.68.0",
        Map.of(OPA_REVISION_ANNOTATION, OpaStandIn.BUNDLE_REVISION));
    service(STABLE_SERVICE, "stable");
    service(CANARY_SERVICE, "canary");
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace(NAMESPACE)
        .resource(
            new IngressBuilder()
                .withNewMetadata()
                .withName(INGRESS)
                .withNamespace(NAMESPACE)
                .addToAnnotations("kubernetes.io/ingress.class", "alb")
                .addToAnnotations(WEIGHTED_ROUTING_ANNOTATION, INITIAL_WEIGHTED_ROUTING)
                .endMetadata()
                .withNewSpec()
                .addNewRule()
                .withHost("api.intelgraph.example")
                .withNewHttp()
                .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName("weighted-routing")
                .withNewPort()
                .withName("use-annotation")
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build())
        .create();
    ingressAddress();
    helmRelease();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(OIDC_CONFIG_MAP)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("issuer", oidcIssuer.toString())
                .addToData("jwks_uri", jwksUri.toString())
                .build())
        .create();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(DEPLOY_FREEZE_CONFIG_MAP)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("frozen", "true")
                .build())
        .create();
    certificate(API_CERTIFICATE, "api.intelgraph.example");
    certificate(WEBSOCKET_CERTIFICATE, "ws.intelgraph.example");
    customResourceDefinition(EXTERNAL_SECRETS);
    externalSecret(NEO4J_EXTERNAL_SECRET, "intelgraph/prod/neo4j");
    externalSecret(POSTGRES_EXTERNAL_SECRET, "intelgraph/prod/postgres");
    externalSecret(OIDC_EXTERNAL_SECRET, "intelgraph/prod/oidc");
    httpRoute();
    backups();
  }

  /**
   * Last night's Neo4j backup as both systems record one: a succeeded Job of the backup CronJob
   * ({@code batch/v1}, label {@value #BACKUP_JOB_LABEL}) and a Completed Velero Backup ({@code
   * velero.io/v1}).
   */
  private void backups() {
    Instant completed = now.minus(2, ChronoUnit.HOURS);
    String id =
        "neo4j-backup-"
            + completed
                .toString()
                .replaceAll("[-:]", "")
                .toLowerCase(java.util.Locale.ROOT)
                .replace("z", "");
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName(id)
                    .withNamespace(NAMESPACE)
                    .addToLabels("app.kubernetes.io/name", BACKUP_JOB_NAME)
                    // what the backup's last step records: the day-3 Neo4j backup verification
                    // reads these
                    .addToAnnotations("backup.intelgraph.ai/size-bytes", "734003200")
                    .addToAnnotations("backup.intelgraph.ai/integrity", "passed")
                    .endMetadata()
                    .withNewSpec()
                    .withNewTemplate()
                    .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer()
                    .withName("backup")
                    .withImage("neo4j:5-enterprise")
                    .withArgs(
                        "neo4j-admin",
                        "database",
                        "backup",
                        "--to-path=s3://intelgraph-backups/neo4j/" + id)
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    job.setStatus(
        new JobStatusBuilder()
            .withSucceeded(1)
            .withStartTime(completed.minus(6, ChronoUnit.MINUTES).toString())
            .withCompletionTime(completed.toString())
            .addNewCondition()
            .withType("Complete")
            .withStatus("True")
            .withLastTransitionTime(completed.toString())
            .endCondition()
            .build());
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();

    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(VELERO_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    customResourceDefinition(client, VELERO_BACKUPS);
    GenericKubernetesResource backup =
        client
            .genericKubernetesResources(VELERO_BACKUPS)
            .inNamespace(VELERO_NAMESPACE)
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("velero.io/v1")
                    .withKind("Backup")
                    .withNewMetadata()
                    .withName(id)
                    .withNamespace(VELERO_NAMESPACE)
                    .addToLabels("velero.io/schedule-name", "neo4j-daily")
                    .endMetadata()
                    .addToAdditionalProperties(
                        "spec", Map.of("includedNamespaces", List.of(NAMESPACE), "ttl", "720h0m0s"))
                    .build())
            .create();
    backup
        .getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "phase",
                "Completed",
                "startTimestamp",
                completed.minus(6, ChronoUnit.MINUTES).toString(),
                "completionTimestamp",
                completed.toString()));
    client
        .genericKubernetesResources(VELERO_BACKUPS)
        .inNamespace(VELERO_NAMESPACE)
        .resource(backup)
        .updateStatus();
  }

  private void deployment(String name, String track, int replicas, String image) {
    deployment(name, track, replicas, image, Map.of());
  }

  private void deployment(
      String name, String track, int replicas, String image, Map<String, String> annotations) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withGeneration(1L)
            .addToAnnotations(annotations)
            .addToLabels("app", name)
            .addToLabels("track", track)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .addToLabels("track", track)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(name)
            .withImage(image)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withObservedGeneration(1L)
            .addNewCondition()
            .withType("Available")
            .withStatus("True")
            .withReason("MinimumReplicasAvailable")
            .withLastTransitionTime(now.toString())
            .endCondition()
            .addNewCondition()
            .withType("Progressing")
            .withStatus("True")
            .withReason("NewReplicaSetAvailable")
            .withMessage("ReplicaSet \"%s-7c9d\" has successfully progressed.".formatted(name))
            .withLastTransitionTime(now.toString())
            .endCondition()
            .endStatus()
            .build();
    Deployment created =
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
    if (created.getStatus() == null || created.getStatus().getReadyReplicas() == null) {
      created.setStatus(deployment.getStatus());
      client.apps().deployments().inNamespace(NAMESPACE).resource(created).updateStatus();
    }
  }

  /**
   * Revision 1 of {@value ClusterNames#HELM_RELEASE} as Helm's Secret storage driver records it
   * (Secret {@code sh.helm.release.v1.<release>.v1}, type {@code helm.sh/release.v1}, {@code
   * data.release} = base64(gzip(JSON)) under the Secret's own base64): installed with canary
   * routing on, as the chart runs during a canary. The lock's upgrade records revision 2.
   */
  private void helmRelease() {
    String json =
        ("{\"name\":\"%s\",\"namespace\":\"%s\",\"version\":1,\"info\":{\"first_deployed\":\"%s\","
                + "\"last_deployed\":\"%s\",\"description\":\"Install complete\",\"status\":\"deployed\"},"
                + "\"config\":{\"ingress\":{\"traffic\":{\"canary\":{\"enabled\":true}}}}}")
            .formatted(HELM_RELEASE, NAMESPACE, now, now);
    java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
      gzip.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String helmEncoded = java.util.Base64.getEncoder().encodeToString(gzipped.toByteArray());
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.%s.v1".formatted(HELM_RELEASE))
                .withNamespace(NAMESPACE)
                .addToLabels("owner", "helm")
                .addToLabels("name", HELM_RELEASE)
                .addToLabels("version", "1")
                .addToLabels("status", "deployed")
                .endMetadata()
                .withType("helm.sh/release.v1")
                // the Secret's own encoding (a CRUD mock does not turn stringData into data)
                .addToData(
                    "release",
                    java.util.Base64.getEncoder()
                        .encodeToString(
                            helmEncoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .build())
        .create();
  }

  /**
   * The address the load balancer controller publishes once the ALB exists: here the loopback TLS
   * edge.
   */
  private void ingressAddress() {
    Ingress ingress =
        client.network().v1().ingresses().inNamespace(NAMESPACE).withName(INGRESS).get();
    ingress.setStatus(
        new IngressStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp(INGRESS_ADDRESS)
            .endIngress()
            .endLoadBalancer()
            .build());
    client.network().v1().ingresses().inNamespace(NAMESPACE).resource(ingress).updateStatus();
  }

  private void service(String name, String track) {
    client
        .services()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .addToLabels("track", track)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withPort(80)
                .withNewTargetPort(8080)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  private void certificate(String name, String dnsName) {
    Instant notBefore = now.minus(1, ChronoUnit.DAYS);
    Instant notAfter = now.plus(90, ChronoUnit.DAYS);
    generic(
        CERTIFICATES,
        name,
        Map.of(
            "secretName",
            name,
            "dnsNames",
            List.of(dnsName),
            "issuerRef",
            Map.of("name", "letsencrypt-prod", "kind", "ClusterIssuer")),
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "Ready",
                    "message",
                    "Certificate is up to date and has not expired",
                    "lastTransitionTime",
                    notBefore.toString())),
            "notBefore",
            notBefore.toString(),
            "notAfter",
            notAfter.toString(),
            "renewalTime",
            notAfter.minus(30, ChronoUnit.DAYS).toString()));
  }

  private void externalSecret(String name, String remoteKey) {
    generic(
        EXTERNAL_SECRETS,
        name,
        Map.of(
            "refreshInterval",
            "1h",
            "secretStoreRef",
            Map.of("name", "aws-secrets-manager", "kind", "ClusterSecretStore"),
            "target",
            Map.of("name", name),
            "dataFrom",
            List.of(Map.of("extract", Map.of("key", remoteKey)))),
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "SecretSynced",
                    "message",
                    "Secret was synced",
                    "lastTransitionTime",
                    now.toString())),
            "refreshTime",
            now.toString(),
            "syncedResourceVersion",
            "1-" + name));
  }

  private void httpRoute() {
    generic(
        HTTP_ROUTES,
        HTTP_ROUTE,
        Map.of(
            "parentRefs",
            List.of(Map.of("name", "intelgraph-gateway")),
            "hostnames",
            List.of("api.intelgraph.example"),
            "rules",
            List.of(
                Map.of(
                    "backendRefs",
                    List.of(
                        Map.of("name", STABLE_SERVICE, "port", 80, "weight", 100),
                        Map.of("name", CANARY_SERVICE, "port", 80, "weight", 0))))),
        Map.of(
            "parents",
            List.of(
                Map.of(
                    "parentRef",
                    Map.of("name", "intelgraph-gateway"),
                    "controllerName",
                    "gateway.envoyproxy.io/gatewayclass-controller",
                    "conditions",
                    List.of(
                        Map.of(
                            "type",
                            "Accepted",
                            "status",
                            "True",
                            "reason",
                            "Accepted",
                            "lastTransitionTime",
                            now.toString()))))));
  }

  /**
   * Installs a CRD serving only {@code context}'s version, with a status subresource, as the
   * operator's chart does: the mock server then answers API discovery ({@code
   * /apis/<group>/<version>}) for it.
   */
  static void customResourceDefinition(KubernetesClient client, ResourceDefinitionContext context) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(context.getPlural() + "." + context.getGroup())
                .endMetadata()
                .withNewSpec()
                .withGroup(context.getGroup())
                .withScope(context.isNamespaceScoped() ? "Namespaced" : "Cluster")
                .withNewNames()
                .withKind(context.getKind())
                .withPlural(context.getPlural())
                .endNames()
                .addNewVersion()
                .withName(context.getVersion())
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .endVersion()
                .endSpec()
                .build())
        .create();
  }

  private void customResourceDefinition(ResourceDefinitionContext context) {
    customResourceDefinition(client, context);
  }

  private void generic(
      ResourceDefinitionContext context,
      String name,
      Map<String, Object> spec,
      Map<String, Object> status) {
    GenericKubernetesResource resource =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(context.getGroup() + "/" + context.getVersion())
            .withKind(context.getKind())
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .addToAdditionalProperties("spec", spec)
            .addToAdditionalProperties("status", status)
            .build();
    GenericKubernetesResource created =
        client
            .genericKubernetesResources(context)
            .inNamespace(NAMESPACE)
            .resource(resource)
            .create();
    if (!created.getAdditionalProperties().containsKey("status")) {
      created.getAdditionalProperties().put("status", status);
      client
          .genericKubernetesResources(context)
          .inNamespace(NAMESPACE)
          .resource(created)
          .updateStatus();
    }
  }
}
