package io.intelgraph.cutover.sandbox;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where every part of a running {@link Sandbox} listens (all on 127.0.0.1). {@code api} and {@code
 * graphqlWs} are empty when no {@link ApiLauncher} was given.
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
    URI postgresExporter) {

  public SandboxEndpoints {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(graphqlWs, "graphqlWs");
    for (URI uri :
        new URI[] {
          prometheus,
          oidcIssuer,
          oidcDiscovery,
          jwks,
          oidcToken,
          kubernetes,
          opa,
          kafkaMetrics,
          cost,
          postgresExporter
        }) {
      Objects.requireNonNull(uri, "every sandbox endpoint must be set");
    }
  }
}
