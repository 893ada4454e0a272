package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sandbox's Kubernetes API: fabric8's mock server in CRUD mode on an ephemeral 127.0.0.1 port
 * (plain HTTP), seeded with namespace {@value ClusterNames#NAMESPACE} as the runbook expects to
 * find it before a cutover (see {@link ClusterNames}), and a client pointing at it.
 *
 * <pre>{@code
 * try (KubernetesSandbox cluster = KubernetesSandbox.start(oidc.issuer(), oidc.jwksUri(), Clock.systemUTC())) {
 *   cluster.client().apps().deployments().inNamespace(ClusterNames.NAMESPACE).withName("intelgraph-api").get();
 * }
 * }</pre>
 */
public final class KubernetesSandbox implements AutoCloseable {

  /**
   * The mock server logs every request at INFO through java.util.logging; kept quiet (and
   * referenced, so the level sticks).
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      quiet("io.fabric8.mockwebserver.MockWebServer");

  /**
   * A container's start to its readiness probe passing, kept short so a whole sandbox run stays
   * quick.
   */
  public static final Duration DEFAULT_POD_START_DELAY = Duration.ofMillis(1500);

  /** The identity the run of show acts as, bound by the shipped ci/k8s RoleBindings. */
  public static final String SERVICE_ACCOUNT = "maestro-cutover";

  /**
   * System property: resources to take out of the shipped Roles, e.g. {@code
   * -Dsandbox.rbac.revoke=deployments/scale}.
   */
  public static final String REVOKE_PROPERTY = "sandbox.rbac.revoke";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ApiServerAuthorizer authorizer;
  private final String serviceAccountToken;
  private String deployerToken;

  private DeploymentController controller;
  private final AtomicLong writes = new AtomicLong();

  private KubernetesSandbox(
      KubernetesMockServer server,
      KubernetesClient client,
      ApiServerAuthorizer authorizer,
      String serviceAccountToken) {
    this.server = server;
    this.client = client;
    this.authorizer = authorizer;
    this.serviceAccountToken = serviceAccountToken;
  }

  /**
   * A seeded cluster alone, for tests that need no other part of the sandbox: its {@code
   * oidc-config} names an issuer on a port nothing listens on.
   */
  public static KubernetesSandbox withoutOidc(Duration podStartDelay) {
    return start(
        URI.create("http://127.0.0.1:1/default"),
        URI.create("http://127.0.0.1:1/default/jwks"),
        Clock.systemUTC(),
        podStartDelay);
  }

  /** {@link #withoutOidc(Duration)} with pods ready as soon as their controller creates them. */
  public static KubernetesSandbox withoutOidc() {
    return withoutOidc(DEFAULT_POD_START_DELAY);
  }

  /**
   * Starts the mock API server and seeds it; {@code oidcIssuer}/{@code jwksUri} go into {@code
   * oidc-config}.
   */
  public static KubernetesSandbox start(URI oidcIssuer, URI jwksUri, Clock clock) {
    return start(oidcIssuer, jwksUri, clock, DEFAULT_POD_START_DELAY);
  }

  /**
   * As {@link #start(URI, URI, Clock)}; a recreated pod turns ready {@code podStartDelay} after its
   * controller created it.
   */
  public static KubernetesSandbox start(
      URI oidcIssuer, URI jwksUri, Clock clock, Duration podStartDelay) {
    // two identities, each with a token only this server issued: the sandbox's own fixture client
    // (seeding,
    // the deployment controller, faults) is an admin; the run of show is the ServiceAccount the
    // manifests bind
    String adminToken = token();
    String serviceAccountToken = token();
    // a third: the sandbox's deploy pipeline, which its deploy and lock scripts act as
    String deployerToken = token();
    ApiServerAuthorizer authorizer =
        new ApiServerAuthorizer(
            Map.of(
                adminToken,
                RbacPolicy.Identity.ADMIN,
                serviceAccountToken,
                RbacPolicy.Identity.serviceAccount(ClusterNames.NAMESPACE, SERVICE_ACCOUNT),
                deployerToken,
                RbacPolicy.Identity.serviceAccount(
                    ClusterNames.NAMESPACE, ClusterNames.DEPLOYER_SERVICE_ACCOUNT)),
            shippedPolicy());
    EvictingCrudDispatcher dispatcher = new EvictingCrudDispatcher(authorizer);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not resolve 127.0.0.1 for the Kubernetes mock server", e);
    }
    KubernetesClient client =
        server.createClient(
            builder ->
                builder
                    .editOrNewConfig()
                    .withMasterUrl("http://127.0.0.1:%d/".formatted(server.getPort()))
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withOauthToken(adminToken)
                    .endConfig());
    KubernetesSandbox sandbox =
        new KubernetesSandbox(server, client, authorizer, serviceAccountToken);
    sandbox.deployerToken = deployerToken;
    try {
      new ClusterSeed(client, clock.instant()).seed(oidcIssuer, jwksUri);
      sandbox.controller =
          new DeploymentController(client, ClusterNames.NAMESPACE, podStartDelay, clock);
      dispatcher.onChange(
          () -> {
            sandbox.writes.incrementAndGet();
            sandbox.controller.changed();
          });
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw new IllegalStateException(
          "seeding the Kubernetes mock server at %s failed: %s"
              .formatted(sandbox.masterUrl(), e.getMessage()),
          e);
    }
  }

  /**
   * How many writes the API server has accepted: a reader that caches what it read may keep it
   * while this has not moved (what a watch tells a real client), instead of asking again.
   */
  public LongSupplier writes() {
    return writes::get;
  }

  /**
   * The API server URL, e.g. {@code http://127.0.0.1:39871/}, for kubeconfigs and config overrides.
   */
  public URI masterUrl() {
    return URI.create("http://127.0.0.1:%d/".formatted(server.getPort()));
  }

  /**
   * A client for the mock server, default namespace {@value ClusterNames#NAMESPACE}; closed by
   * {@link #close()}.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * The bearer token of ServiceAccount {@value ClusterNames#NAMESPACE}/{@value #SERVICE_ACCOUNT},
   * as a token request would issue it; the run of show reaches the API server with it ({@code
   * cluster.token}).
   */
  public String serviceAccountToken() {
    return serviceAccountToken;
  }

  /**
   * The bearer token of the sandbox's deploy pipeline ({@value ClusterNames#NAMESPACE}/{@value
   * ClusterNames#DEPLOYER_SERVICE_ACCOUNT}, granted by {@code deployer-rbac.yaml}): what its deploy
   * and lock scripts authenticate with, never the suite.
   */
  public String deployerToken() {
    return deployerToken;
  }

  /**
   * A client acting as the run of show does (the ServiceAccount's token), default namespace {@value
   * ClusterNames#NAMESPACE}; the caller closes it.
   */
  public KubernetesClient serviceAccountClient() {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(
                    io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(masterUrl().toString())
                .withNamespace(ClusterNames.NAMESPACE)
                .withOauthToken(serviceAccountToken)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  /**
   * From now on the API server authorizes without {@code resource} (e.g. {@code deployments/scale})
   * in the suite's Roles: a cluster lacking that grant.
   */
  public void revokeFromShippedRoles(String resource) {
    authorizer.policy(RbacPolicy.shipped().revoking(resource));
  }

  /** The 403 messages the API server sent since it started, oldest first. */
  public List<String> denials() {
    return authorizer.denials();
  }

  /**
   * The shipped RBAC, less the resources {@value #REVOKE_PROPERTY} names (comma-separated, e.g.
   * {@code deployments/scale}): a scenario's cluster that lacks a grant, from its first request.
   */
  private static RbacPolicy shippedPolicy() {
    RbacPolicy policy = RbacPolicy.shipped();
    for (String resource : System.getProperty(REVOKE_PROPERTY, "").split(",")) {
      if (!resource.isBlank()) policy = policy.revoking(resource.strip());
    }
    return policy;
  }

  private static String token() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    try {
      if (controller != null) controller.close();
      client.close();
    } finally {
      server.destroy();
    }
  }
}
