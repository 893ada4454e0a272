package io.intelgraph.cutover.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the suite finds the system under cutover. {@code kubernetes} absent means the usual
 * kubeconfig or in-cluster service account.
 *
 * @param canaryApi the canary's own base URL (its Service, bypassing the weighted edge), as
 *     Flagger's acceptance tests address the canary: the canary's goldens are sent there and are
 *     canary-served by construction (https://docs.flagger.app/usage/webhooks, "acceptance tests")
 */
public record Endpoints(
    URI api,
    String publicHost,
    URI prometheus,
    URI oidcIssuer,
    URI opa,
    URI cost,
    Optional<URI> kubernetes,
    Optional<URI> canaryApi) {

  public Endpoints {
    // a path is kept (https://mimir.example/prometheus serves /prometheus/api/v1/query);
    // credentials are never inline
    if (prometheus != null && prometheus.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "endpoints.prometheus carries credentials in the URL; remove them from it and set"
              + " prometheus.auth.basic {username: NAME, password: {env: VARIABLE}} (secrets are never written inline)");
    }
    if (prometheus != null
        && (prometheus.getRawQuery() != null || prometheus.getRawFragment() != null)) {
      throw new IllegalArgumentException(
          ("endpoints.prometheus %s has a query or fragment; give the API's base URL, with its path prefix if"
                  + " it has one (e.g. https://mimir.example/prometheus), and tenant headers in prometheus.headers")
              .formatted(
                  prometheus.getScheme()
                      + "://"
                      + prometheus.getRawAuthority()
                      + (prometheus.getRawPath() == null ? "" : prometheus.getRawPath())));
    }
  }
}
