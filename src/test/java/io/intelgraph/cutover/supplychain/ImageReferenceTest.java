package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ghcr.io/intelgraph/api:1.42.0, ghcr.io, intelgraph/api, 1.42.0",
    "127.0.0.1:5000/intelgraph/api:v1, 127.0.0.1:5000, intelgraph/api, v1",
    "localhost/api, localhost, api, latest",
    "nginx, docker.io, library/nginx, latest",
    "bitnami/redis:7.2, docker.io, bitnami/redis, 7.2"
  })
  void parsesRegistryRepositoryAndTagAsDockerDoes(
      String reference, String registry, String repository, String tag) {
    ImageReference image = ImageReference.parse(reference);

    assertThat(image.registry()).isEqualTo(registry);
    assertThat(image.repository()).isEqualTo(repository);
    assertThat(image.tag()).contains(tag);
    assertThat(image.digest()).isEmpty();
  }

  @Test
  void digestPinnedReferenceKeepsItsDigestAndHasNoDefaultTag() {
    ImageReference image = ImageReference.parse("127.0.0.1:5000/intelgraph/api@" + DIGEST);

    assertThat(image.digest()).contains(DIGEST);
    assertThat(image.tag()).isEmpty();
    assertThat(image).hasToString("127.0.0.1:5000/intelgraph/api@" + DIGEST);
  }

  @Test
  void dockerHubIsReadThroughItsApiHost() {
    assertThat(ImageReference.parse("nginx:1.27").apiHost()).isEqualTo("registry-1.docker.io");
  }

  @Test
  void malformedDigestIsRefusedNamingTheReference() {
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/intelgraph/api@sha256:xyz"))
        .hasMessage(
            "image reference 'ghcr.io/intelgraph/api@sha256:xyz' cannot be parsed: image digest 'sha256:xyz' is not sha256:<64 hex digits>");
  }

  @Test
  void signatureTagIsTheDigestWithADashAndSigSuffix() {
    assertThat(CosignVerifier.signatureTag(DIGEST)).isEqualTo("sha256-" + "ab".repeat(32) + ".sig");
    assertThat(
            new ImageReference("ghcr.io", "a/b", Optional.of("t"), Optional.empty())
                .withDigest(DIGEST)
                .digest())
        .contains(DIGEST);
  }
}
