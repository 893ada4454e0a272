package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Environment;

/**
 * The Kubernetes client of an environment, as {@link KubernetesConnection} resolves it ({@code
 * endpoints.kubernetes}, the kubeconfig context or the in-cluster service account). One place, so
 * the run of show and the command line talk to the same cluster the same way.
 *
 * <pre>{@code
 * try (KubernetesClient client = KubernetesClients.forEnvironment(env)) { ... }
 * }</pre>
 */
public final class KubernetesClients {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(KubernetesClients.class);

  private KubernetesClients() {}

  /**
   * Opens the client as {@link KubernetesConnection} resolves it (TLS verified unless the
   * environment opts out, which is logged).
   */
  public static KubernetesClient forEnvironment(Environment environment) {
    KubernetesConnection connection =
        KubernetesConnection.of(environment.endpoints(), environment.cluster());
    connection.warning().ifPresent(LOG::warn);
    return connection.open();
  }
}
