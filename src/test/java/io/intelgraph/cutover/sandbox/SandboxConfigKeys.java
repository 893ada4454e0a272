package io.intelgraph.cutover.sandbox;

/**
 * The dotted configuration keys the sandbox fills in once it runs (ephemeral ports, its CA, the
 * files holding its secrets), in one place; each is a key of the environment schema.
 */
public final class SandboxConfigKeys {

  public static final String API = "endpoints.api";
  public static final String PROMETHEUS = "endpoints.prometheus";
  public static final String OIDC_ISSUER = "endpoints.oidc_issuer";
  public static final String KUBERNETES = "endpoints.kubernetes";

  /**
   * The run of show's ServiceAccount token for the sandbox's API server, as production's
   * out-of-cluster runner may be given one.
   */
  public static final String KUBERNETES_TOKEN_FILE = "cluster.token.file";

  /**
   * T-0's deploy and the lock's chart upgrade: the sandbox's scripts, with its API server and its
   * deploy pipeline's token file as arguments.
   */
  public static final String DEPLOY_CANARY_COMMAND = "deploy.canary_command";

  public static final String DEPLOY_LOCK_COMMAND = "deploy.lock_command";

  public static final String OPA = "endpoints.opa";
  public static final String COST = "endpoints.cost";
  public static final String RESTORE_BACKUPS = "restore_drill.backups";
  public static final String RESTORE_SOURCE_FILE = "restore_drill.source.file";
  public static final String DNS_RESOLVER = "preflight.dns_resolver";
  public static final String TLS_ENDPOINT = "preflight.tls_endpoint";
  public static final String TLS_TRUST = "preflight.tls_trust";
  public static final String OIDC_CLIENT_SECRET_FILE = "oidc.client_secret.file";
  public static final String EXPIRED_TOKEN_FILE = "goldens.expired_token.file";
  public static final String TRACK_HEADER = "goldens.track_header";
  public static final String APPROVALS_DIR = "closeout.approvals.dir";
  public static final String DR_RUNBOOK_FILE = "closeout.dr_runbook.file";
  public static final String WAR_ROOM_WEBHOOK_FILE = "war_room.webhook.file";
  public static final String PROMETHEUS_USERNAME = "prometheus.auth.basic.username";
  public static final String PROMETHEUS_PASSWORD_FILE = "prometheus.auth.basic.password.file";
  public static final String PROMETHEUS_CA_FILE = "prometheus.tls.ca_file";

  /** Where the run of show pushes its own metrics: the sandbox's real Pushgateway. */
  public static final String METRICS_PUSHGATEWAY = "metrics.pushgateway";

  /** {@code closeout.approvals.roles.<role>.public_key.file}. */
  public static String approvalPublicKeyFile(String role) {
    return "closeout.approvals.roles." + role + ".public_key.file";
  }

  private SandboxConfigKeys() {}
}
