package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Cluster;
import io.intelgraph.cutover.config.Endpoints;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * fabric8's mock over https presents a self-signed certificate: refused unless verification is
 * explicitly skipped.
 */
@EnableKubernetesMockClient(crud = true, https = true)
class UntrustedApiServerTest {

  KubernetesClient client;

  @Test
  void anApiServerWithAnUntrustedCertificateIsRefusedByDefault() {
    try (KubernetesClient verifying = KubernetesConnection.of(endpoints(), cluster(false)).open()) {
      assertThatThrownBy(() -> verifying.namespaces().list()).hasStackTraceContaining("SSL");
    }
  }

  @Test
  void skippingVerificationExplicitlyReachesIt() {
    try (KubernetesClient trusting = KubernetesConnection.of(endpoints(), cluster(true)).open()) {
      assertThat(trusting.namespaces().list().getItems()).isEmpty();
    }
  }

  private Endpoints endpoints() {
    URI any = URI.create("http://127.0.0.1:1");
    return new Endpoints(
        any,
        "example.org",
        any,
        any,
        any,
        any,
        Optional.of(URI.create(client.getMasterUrl().toString())),
        Optional.empty());
  }

  private static Cluster cluster(boolean insecure) {
    return new Cluster(
        "ns",
        "ing",
        "weighted-routing",
        "a",
        "b",
        "a",
        "b",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        insecure,
        Optional.empty());
  }
}
