package io.intelgraph.cutover.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The T-15 system validation: DNS, TLS and security headers of the public endpoint, the OPA policy
 * engine, backup markers and the deployment freeze.
 *
 * @param dnsResolver {@code host:port} of the resolver to ask; absent means the system's resolvers
 * @param tlsEndpoint the HTTPS endpoint whose certificate and headers are checked; absent means {@code endpoints.api}
 * @param tlsTrust a PEM bundle of extra trusted certificates (a private CA); absent means the JDK's trust store
 * @param opaDecisionPath the policy decision to time, relative to {@code endpoints.opa}
 */
public record Preflight(
    Optional<String> dnsResolver,
    Duration maxDnsTtl,
    Optional<URI> tlsEndpoint,
    Optional<Path> tlsTrust,
    Duration minCertificateValidity,
    String opaDecisionPath,
    int opaSamples,
    Duration opaMaxP95,
    Duration timeout,
    Freeze freeze) {

  public Preflight {
    dnsResolver.ifPresent(r -> {
      if (!r.matches("[^:\\s]+:\\d{1,5}")) throw new IllegalArgumentException("dns_resolver must be host:port, got '" + r + "'");
    });
    if (opaSamples < 1) throw new IllegalArgumentException("opa_samples must be at least 1, got " + opaSamples);
  }

  /**
   * Where the deployment freeze is declared: a key of a ConfigMap in the cutover namespace
   * ({@code config_map} + {@code key}) or a CI variable ({@code ci_variable}); "true" means frozen.
   */
  public record Freeze(Optional<String> configMap, Optional<String> key, Optional<String> ciVariable) {
    public Freeze {
      if (configMap.isPresent() == ciVariable.isPresent()) {
        throw new IllegalArgumentException("name exactly one of config_map (with key) or ci_variable");
      }
      if (configMap.isPresent() && key.isEmpty()) throw new IllegalArgumentException("config_map needs a key, e.g. key: frozen");
    }
  }
}
