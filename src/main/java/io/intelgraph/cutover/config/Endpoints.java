package io.intelgraph.cutover.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the suite finds the system under cutover. {@code kubernetes} absent means the usual
 * kubeconfig or in-cluster service account.
 *
 * @param canaryApi the canary's own base URL (its Service, bypassing the weighted edge), as Flagger's
 *     acceptance tests address the canary: the canary's goldens are sent there and are canary-served by
 *     construction (https://docs.flagger.app/usage/webhooks, "acceptance tests")
 */
public record Endpoints(
    URI api,
    String publicHost,
    URI prometheus,
    URI oidcIssuer,
    URI opa,
    URI cost,
    Optional<URI> kubernetes,
    Optional<URI> canaryApi) {}
