package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Helm release records as Helm 3's Secret driver writes them, on fabric8's CRUD mock. The fixture
 * {@code helm-release-v3.gz.b64} was made outside Java as Helm's {@code encodeRelease} makes it:
 * {@code gzip -9 -n release.json | base64 -w0}.
 */
@EnableKubernetesMockClient(crud = true)
class HelmReleasesTest {

  static final String NS = "intelgraph-maestro";
  static final String RELEASE = "intelgraph-maestro";

  KubernetesClient client;

  static String fixture() throws IOException {
    try (InputStream in = HelmReleasesTest.class.getResourceAsStream("helm-release-v3.gz.b64")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  /**
   * A Helm release record holding {@code helmEncoded} (Helm's base64 text) at revision {@code n}.
   */
  static Secret record(String release, int n, String helmEncoded) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("sh.helm.release.v1.%s.v%d".formatted(release, n))
        .withNamespace(NS)
        .addToLabels("owner", "helm")
        .addToLabels("name", release)
        .addToLabels("version", String.valueOf(n))
        .addToLabels("status", "deployed")
        .endMetadata()
        .withType(HelmReleases.RECORD_TYPE)
        // the Secret's own encoding of Helm's text
        .addToData(
            "release",
            Base64.getEncoder().encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }

  static String helmEncodedUncompressed(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesAGzippedRecordAsHelmWritesIt() throws IOException {
    HelmRelease release = HelmReleases.decode(record(RELEASE, 3, fixture()));

    assertThat(release.name()).isEqualTo(RELEASE);
    assertThat(release.version()).isEqualTo(3);
    assertThat(release.status()).isEqualTo(HelmRelease.DEPLOYED);
    assertThat(release.value("ingress.traffic.canary.enabled")).contains("false");
    assertThat(release.value("ingress.traffic.canary.weight")).contains("100");
    assertThat(release.value("ingress.traffic.stable")).isEmpty();
    assertThat(release.value("image.tag.more")).isEmpty();
    assertThat(release.describe())
        .isEqualTo(
            "intelgraph-maestro v3 deployed (Secret sh.helm.release.v1.intelgraph-maestro.v3)");
  }

  @Test
  void decodesARecordWrittenBeforeHelmCompressedThem() {
    String json =
        "{\"name\":\"app\",\"version\":1,\"info\":{\"status\":\"failed\"},\"config\":{\"a\":{\"b\":true}}}";

    HelmRelease release = HelmReleases.decode(record("app", 1, helmEncodedUncompressed(json)));

    assertThat(release.status()).isEqualTo("failed");
    assertThat(release.value("a.b")).contains("true");
  }

  @Test
  void latestIsTheHighestRevisionOfThatReleaseOnly() throws IOException {
    client.secrets().inNamespace(NS).resource(record(RELEASE, 3, fixture())).create();
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            record(
                RELEASE,
                2,
                helmEncodedUncompressed(
                    "{\"name\":\"intelgraph-maestro\",\"version\":2,\"info\":{\"status\":\"superseded\"}}")))
        .create();
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            record(
                "other",
                9,
                helmEncodedUncompressed(
                    "{\"name\":\"other\",\"version\":9,\"info\":{\"status\":\"deployed\"}}")))
        .create();

    HelmReleases releases = new HelmReleases(client, NS);

    assertThat(releases.latest(RELEASE)).map(HelmRelease::version).contains(3);
    assertThat(releases.latest("absent")).isEmpty();
  }

  @Test
  void aRecordThatIsNotHelmsEncodingFailsNamingTheSecret() {
    assertThatThrownBy(() -> HelmReleases.decode(record(RELEASE, 4, "not base64 at all!")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(
            "Secret intelgraph-maestro/sh.helm.release.v1.intelgraph-maestro.v4: data.release is"
                + " not base64(gzip(JSON)) as Helm writes it");
  }

  @Test
  void aRecordWithoutStatusIsNotAHelm3Record() {
    assertThatThrownBy(
            () ->
                HelmReleases.decode(
                    record(RELEASE, 5, helmEncodedUncompressed("{\"name\":\"x\"}"))))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("holds a release without info.status or version (keys [name])");
  }
}
