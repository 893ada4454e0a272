package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * The names of everything {@link KubernetesSandbox} seeds, in one place, for tests and the traffic
 * router: {@code client.apps().deployments().inNamespace(ClusterNames.NAMESPACE)}.
 */
public final class ClusterNames {

  /** The worker nodes the API's pods are scheduled on. */
  public static final List<String> NODES =
      List.of("sandbox-node-a", "sandbox-node-b", "sandbox-node-c");

  public static final String NETWORK_CHAOS_NAME = "api-neo4j-partition";
  public static final ResourceDefinitionContext NETWORK_CHAOS =
      context("chaos-mesh.org", "v1alpha1", "NetworkChaos", "networkchaos");
  public static final String NAMESPACE = "intelgraph-maestro";
  public static final String STABLE_DEPLOYMENT = "intelgraph-api";
  public static final String CANARY_DEPLOYMENT = "intelgraph-api-canary";
  public static final String STABLE_SERVICE = "intelgraph-api";
  public static final String CANARY_SERVICE = "intelgraph-api-canary";
  public static final String OPA_DEPLOYMENT = "opa";

  /**
   * Where the deploy pipeline stamps the policy bundle revision on the OPA deployment, as
   * sandbox.yaml names it.
   */
  public static final String OPA_REVISION_ANNOTATION = "policy.intelgraph.ai/bundle-revision";

  public static final String INGRESS = "intelgraph-maestro-ingress";

  /** The AWS Load Balancer Controller's weighted-routing action on {@link #INGRESS}. */
  public static final String WEIGHTED_ROUTING_ANNOTATION =
      "alb.ingress.kubernetes.io/actions.weighted-routing";

  public static final String HTTP_ROUTE = "intelgraph-api";

  /**
   * The Helm release of the API chart; its first revision (canary routing on) is seeded, the lock
   * script records the next.
   */
  public static final String HELM_RELEASE = "intelgraph-maestro";

  /** The sandbox deploy pipeline's ServiceAccount, which its deploy and lock scripts act as. */
  public static final String DEPLOYER_SERVICE_ACCOUNT = "maestro-deployer";

  /** The ingress's published load balancer address ({@code status.loadBalancer.ingress[0].ip}). */
  public static final String INGRESS_ADDRESS = "127.0.0.1";

  public static final String OIDC_CONFIG_MAP = "oidc-config";
  public static final String DEPLOY_FREEZE_CONFIG_MAP = "deploy-freeze";
  public static final String API_CERTIFICATE = "intelgraph-api-tls";
  public static final String WEBSOCKET_CERTIFICATE = "intelgraph-ws-tls";
  public static final String NEO4J_EXTERNAL_SECRET = "neo4j-credentials";
  public static final String POSTGRES_EXTERNAL_SECRET = "postgres-credentials";
  public static final String OIDC_EXTERNAL_SECRET = "oidc-client-secret";

  /**
   * {@code app.kubernetes.io/name} of the backup CronJob's Jobs, as {@code backups.job_selector}
   * defaults to.
   */
  public static final String BACKUP_JOB_NAME = "neo4j-backup";

  public static final String VELERO_NAMESPACE = "velero";

  /** Velero {@code Backup}. */
  public static final ResourceDefinitionContext VELERO_BACKUPS =
      context("velero.io", "v1", "Backup", "backups");

  /**
   * cert-manager {@code Certificate}, for {@code client.genericKubernetesResources(CERTIFICATES)}.
   */
  public static final ResourceDefinitionContext CERTIFICATES =
      context("cert-manager.io", "v1", "Certificate", "certificates");

  /** external-secrets {@code ExternalSecret}, at the version current operators serve. */
  public static final ResourceDefinitionContext EXTERNAL_SECRETS =
      context("external-secrets.io", "v1", "ExternalSecret", "externalsecrets");

  /** Gateway API {@code HTTPRoute}. */
  public static final ResourceDefinitionContext HTTP_ROUTES =
      context("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");

  private ClusterNames() {}

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
