package io.intelgraph.cutover.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the suite finds the system under cutover. {@code kubernetes} absent means the usual
 * kubeconfig or in-cluster service account.
 */
public record Endpoints(
    URI api,
    String publicHost,
    URI prometheus,
    URI oidcIssuer,
    URI opa,
    URI cost,
    Optional<URI> kubernetes) {}
