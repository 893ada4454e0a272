package io.intelgraph.cutover.sandbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where every part of a running {@link Sandbox} listens (all on 127.0.0.1). {@code api} and
 * {@code graphqlWs} are empty when no {@link ApiLauncher} was given.
 */
public record SandboxEndpoints(
    Optional<URI> api,
    Optional<URI> graphqlWs,
    URI prometheus,
    URI oidcIssuer,
    URI oidcDiscovery,
    URI jwks,
    URI oidcToken,
    URI kubernetes,
    URI opa,
    URI kafkaMetrics,
    URI cost,
    URI backups) {

  public SandboxEndpoints {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(graphqlWs, "graphqlWs");
    for (URI uri : new URI[] {prometheus, oidcIssuer, oidcDiscovery, jwks, oidcToken, kubernetes, opa, kafkaMetrics, cost, backups}) {
      Objects.requireNonNull(uri, "every sandbox endpoint must be set");
    }
  }

  /** The endpoints as dotted configuration keys ({@link SandboxConfigKeys}), for the environment config layer. */
  public Map<String, String> asConfigOverrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    api.ifPresent(uri -> overrides.put(SandboxConfigKeys.API, uri.toString()));
    graphqlWs.ifPresent(uri -> overrides.put(SandboxConfigKeys.GRAPHQL_WS, uri.toString()));
    overrides.put(SandboxConfigKeys.PROMETHEUS, prometheus.toString());
    overrides.put(SandboxConfigKeys.OIDC_ISSUER, oidcIssuer.toString());
    overrides.put(SandboxConfigKeys.OIDC_DISCOVERY, oidcDiscovery.toString());
    overrides.put(SandboxConfigKeys.JWKS, jwks.toString());
    overrides.put(SandboxConfigKeys.OIDC_TOKEN, oidcToken.toString());
    overrides.put(SandboxConfigKeys.KUBERNETES, kubernetes.toString());
    overrides.put(SandboxConfigKeys.OPA, opa.toString());
    overrides.put(SandboxConfigKeys.KAFKA_METRICS, kafkaMetrics.toString());
    overrides.put(SandboxConfigKeys.COST, cost.toString());
    overrides.put(SandboxConfigKeys.BACKUPS, backups.toString());
    return overrides;
  }
}
