package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Endpoints;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesConnectionTest {

  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster: {server: "https://prod.k8s.example:6443"}
      - name: staging
        cluster: {server: "https://staging.k8s.example:6443"}
      users:
      - name: someone
        user: {}
      contexts:
      - name: prod
        context: {cluster: prod, user: someone}
      - name: staging
        context: {cluster: staging, user: someone}
      current-context: staging
      """;

  @TempDir Path dir;
  private String previousKubeconfig;

  @BeforeEach
  void pointAtKubeconfig() throws Exception {
    previousKubeconfig = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    System.setProperty(
        Config.KUBERNETES_KUBECONFIG_FILE,
        Files.writeString(dir.resolve("config"), KUBECONFIG).toString());
  }

  @AfterEach
  void restore() {
    if (previousKubeconfig == null) System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    else System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previousKubeconfig);
  }

  @Test
  void explicitApiServerIsVerifiedByDefaultWithoutWarning() {
    KubernetesConnection connection =
        KubernetesConnection.of(
            endpoints(Optional.of(URI.create("https://k8s.example:6443"))),
            cluster(Optional.empty(), false));
    assertThat(connection.verifiesTls()).isTrue();
    assertThat(connection.warning()).isEmpty();
    assertThat(connection.description()).contains("https://k8s.example:6443");
  }

  @Test
  void skippingVerificationIsExplicitAndWarnsNamingTheKey() {
    KubernetesConnection connection =
        KubernetesConnection.of(
            endpoints(Optional.of(URI.create("https://k8s.example:6443"))),
            cluster(Optional.empty(), true));
    assertThat(connection.verifiesTls()).isFalse();
    assertThat(connection.warning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains(
                        "NOT verified",
                        "cluster.insecure_skip_tls_verify: true",
                        "https://k8s.example:6443"));
  }

  @Test
  void kubeconfigUsesTheConfiguredContextAndVerifiesTls() {
    KubernetesConnection connection =
        KubernetesConnection.of(endpoints(Optional.empty()), cluster(Optional.of("prod"), false));
    assertThat(connection.description()).contains("context prod", "https://prod.k8s.example:6443");
    assertThat(connection.verifiesTls()).isTrue();
  }

  @Test
  void kubeconfigWithoutContextUsesItsCurrentContext() {
    KubernetesConnection connection =
        KubernetesConnection.of(endpoints(Optional.empty()), cluster(Optional.empty(), false));
    assertThat(connection.description())
        .contains("context staging", "https://staging.k8s.example:6443");
  }

  @Test
  void unknownContextFailsNamingItAndTheFix() {
    assertThatThrownBy(
            () ->
                KubernetesConnection.of(
                    endpoints(Optional.empty()), cluster(Optional.of("qa"), false)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cluster.context is 'qa'")
        .hasMessageContaining("kubectl config get-contexts");
  }

  private static Endpoints endpoints(Optional<URI> kubernetes) {
    URI any = URI.create("http://127.0.0.1:1");
    return new Endpoints(any, "example.org", any, any, any, any, kubernetes, Optional.empty());
  }

  private static Cluster cluster(Optional<String> context, boolean insecure) {
    return new Cluster(
        "ns",
        "ing",
        "weighted-routing",
        "a",
        "b",
        "a",
        "b",
        Optional.empty(),
        context,
        Optional.empty(),
        insecure,
        Optional.empty());
  }
}
