package io.intelgraph.cutover.sandbox;

/**
 * The dotted configuration keys the sandbox overrides, in one place: the environment config layer
 * reads {@link Sandbox#configOverrides()} with these names, e.g. {@code endpoints.prometheus}.
 */
public final class SandboxConfigKeys {

  public static final String API = "endpoints.api";
  public static final String GRAPHQL_WS = "endpoints.graphql_ws";
  public static final String PROMETHEUS = "endpoints.prometheus";
  public static final String OIDC_ISSUER = "endpoints.oidc_issuer";
  public static final String OIDC_DISCOVERY = "endpoints.oidc_discovery";
  public static final String JWKS = "endpoints.jwks";
  public static final String OIDC_TOKEN = "endpoints.oidc_token";
  public static final String KUBERNETES = "endpoints.kubernetes";
  public static final String OPA = "endpoints.opa";
  public static final String KAFKA_METRICS = "endpoints.kafka_metrics";
  public static final String COST = "endpoints.cost";
  public static final String BACKUPS = "endpoints.backups";
  public static final String KUBERNETES_NAMESPACE = "kubernetes.namespace";
  public static final String OIDC_CLIENT_ID = "auth.client_id";

  private SandboxConfigKeys() {}
}
