package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.intelgraph.cutover.config.Environment;

/**
 * The Kubernetes client of an environment: {@code endpoints.kubernetes} when set, else the
 * kubeconfig or in-cluster service account, as fabric8 finds them
 * (https://github.com/fabric8io/kubernetes-client#configuring-the-client). One place, so the run of
 * show and the command line talk to the same cluster.
 *
 * <pre>{@code
 * try (KubernetesClient client = KubernetesClients.forEnvironment(env)) { ... }
 * }</pre>
 */
public final class KubernetesClients {

  private KubernetesClients() {}

  public static KubernetesClient forEnvironment(Environment environment) {
    Config config = environment.endpoints().kubernetes()
        .map(url -> new ConfigBuilder(Config.empty()).withMasterUrl(url.toString()).withTrustCerts(true).build())
        .orElseGet(() -> Config.autoConfigure(null));
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
