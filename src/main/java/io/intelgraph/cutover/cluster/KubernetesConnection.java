package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Endpoints;
import java.net.URI;
import java.util.Optional;

/**
 * How the suite reaches the Kubernetes API server, decided once from the environment: the API
 * server named by {@code endpoints.kubernetes} (with {@code cluster.ca_file} or the JDK's trust
 * store), else the kubeconfig (context {@code cluster.context}, else its current context) or the
 * in-cluster service account. The server's certificate is always verified, as kubectl does, unless
 * {@code cluster.insecure_skip_tls_verify: true} says otherwise; that choice is a {@link
 * #warning()} the console and the report show. {@code cluster.token} (a secret reference)
 * authenticates as that token's identity instead of the kubeconfig's user or the pod's service
 * account.
 *
 * <p>kubeconfig semantics:
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/ ({@code
 * --insecure-skip-tls-verify}, {@code --context}:
 * https://kubernetes.io/docs/reference/kubectl/kubectl/).
 *
 * <pre>{@code
 * KubernetesConnection connection = KubernetesConnection.of(env.endpoints(), env.cluster());
 * connection.warning().ifPresent(log::warn);
 * KubernetesClient kubernetes = connection.open();
 * }</pre>
 */
public final class KubernetesConnection {

  private final Config config;
  private final String description;
  private final Optional<String> warning;

  private KubernetesConnection(Config config, String description, Optional<String> warning) {
    this.config = config;
    this.description = description;
    this.warning = warning;
  }

  public static KubernetesConnection of(Endpoints endpoints, Cluster cluster) {
    Optional<URI> server = endpoints.kubernetes();
    Config config;
    String description;
    if (server.isPresent()) {
      ConfigBuilder builder =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(server.get().toString())
              .withTrustCerts(cluster.insecureSkipTlsVerify());
      cluster.caFile().ifPresent(ca -> builder.withCaCertFile(ca.toString()));
      cluster.token().ifPresent(token -> builder.withOauthToken(token.reveal()));
      config = builder.build();
      description =
          "API server %s (endpoints.kubernetes)%s"
              .formatted(server.get(), cluster.caFile().map(ca -> ", CA " + ca).orElse(""));
    } else {
      // autoConfigure(context) reads KUBECONFIG / ~/.kube/config (that context, else the current
      // one), else the service account
      config = Config.autoConfigure(cluster.context().orElse(null));
      if (cluster.context().isPresent()
          && !cluster.context().get().equals(currentContext(config))) {
        throw new ClusterException(
            ("cluster.context is '%s', but the kubeconfig has no such context (current: %s);"
                    + " list them with `kubectl config get-contexts` and set cluster.context to one of them")
                .formatted(cluster.context().get(), currentContext(config)));
      }
      if (cluster.insecureSkipTlsVerify()) config.setTrustCerts(true);
      cluster.token().ifPresent(token -> config.setOauthToken(token.reveal()));
      description =
          "kubeconfig context %s, API server %s"
              .formatted(currentContext(config), config.getMasterUrl());
    }
    if (cluster.token().isPresent()) description += ", bearer token " + cluster.token().get();
    Optional<String> warning =
        cluster.insecureSkipTlsVerify()
            ? Optional.of(
                ("TLS of the Kubernetes API server is NOT verified (cluster.insecure_skip_tls_verify: true): %s;"
                        + " anyone on the path can read the cluster state and the token. Set cluster.ca_file or fix the kubeconfig's CA instead")
                    .formatted(description))
            : Optional.empty();
    return new KubernetesConnection(config, description, warning);
  }

  private static String currentContext(Config config) {
    return config.getCurrentContext() == null
        ? "none (in-cluster or no kubeconfig)"
        : config.getCurrentContext().getName();
  }

  /** Where and how the API server is reached, for the report; never a credential. */
  public String description() {
    return description;
  }

  /** Present when certificate verification is off: shown in the console and the report. */
  public Optional<String> warning() {
    return warning;
  }

  /** True when the server's certificate is verified (the default). */
  public boolean verifiesTls() {
    return !config.isTrustCerts();
  }

  /** A new client; the caller closes it. */
  public KubernetesClient open() {
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
