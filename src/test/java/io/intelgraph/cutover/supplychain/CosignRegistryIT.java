package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.sandbox.registry.ImagePublisher;
import io.intelgraph.cutover.sandbox.registry.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cosign verification against the real registry (docker-registry), with images and signatures
 * pushed over the distribution API.
 */
class CosignRegistryIT {

  private static final String REPOSITORY = "intelgraph/api";
  @TempDir static Path work;
  private static RegistryServer registry;
  private static ImagePublisher publisher;
  private static KeyPair releaseKey;
  private static CosignVerifier verifier;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = RegistryServer.start(work, Duration.ofSeconds(20));
    publisher = new ImagePublisher(registry.baseUrl());
    releaseKey = ImagePublisher.newSigningKey();
    Path pub =
        Files.writeString(work.resolve("cosign.pub"), ImagePublisher.publicKeyPem(releaseKey));
    verifier =
        new CosignVerifier(
            new RegistryClient(
                Duration.ofSeconds(5), Set.of(registry.host()), Optional.empty(), Optional.empty()),
            CosignKeys.load(List.of(pub)));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) registry.close();
  }

  private ImageReference pinned(String digest) {
    return ImageReference.parse(publisher.reference(REPOSITORY, digest));
  }

  @Test
  void imageSignedByTheReleaseKeyVerifies() {
    String digest = publisher.pushImage(REPOSITORY, "signed", "signed");
    publisher.sign(REPOSITORY, digest, digest, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
    assertThat(check.detail()).contains("signed by", "cosign.pub (ECDSA)", digest);
  }

  @Test
  void tagIsResolvedToItsDigestThroughTheRegistry() {
    String digest = publisher.pushImage(REPOSITORY, "by-tag", "by tag");
    publisher.sign(REPOSITORY, digest, digest, releaseKey);

    SignatureCheck check =
        verifier.verify(
            "deployment/api", ImageReference.parse(registry.host() + "/" + REPOSITORY + ":by-tag"));

    assertThat(check.digest()).isEqualTo(digest);
    assertThat(check.toString())
        .startsWith(
            "VERIFIED deployment/api: %s/%s:by-tag -> %s: legacy signature"
                .formatted(registry.host(), REPOSITORY, digest))
        .contains("signed by");
    assertThat(check.verified()).as(check.toString()).isTrue();
  }

  @Test
  void unsignedImageFailsNamingTheMissingSignatureTag() {
    String digest = publisher.pushImage(REPOSITORY, "unsigned", "unsigned");

    SignatureCheck check = verifier.verify("deployment/api-canary container api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.toString())
        .startsWith(
            "FAILED deployment/api-canary container api: "
                + registry.host()
                + "/"
                + REPOSITORY
                + "@"
                + digest
                + ": unsigned")
        .contains(
            "unsigned: no Sigstore bundle among the referrers of %s (no referrers API, no referrers tag %s) and no legacy signature manifest %s/%s:%s.sig"
                .formatted(
                    digest,
                    digest.replace(':', '-'),
                    registry.host(),
                    REPOSITORY,
                    digest.replace(':', '-')));
  }

  @Test
  void bundleSignedImageVerifiesThroughTheReferrersTag() {
    String digest = publisher.pushImage(REPOSITORY, "bundle", "bundle");
    publisher.signBundle(REPOSITORY, digest, digest, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api-canary", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
    // docker-registry 2.8 has no referrers API: the index is read from the referrers tag
    assertThat(check.detail())
        .startsWith("Sigstore bundle sha256:")
        .contains(
            "(referrers tag %s/%s:%s)"
                .formatted(registry.host(), REPOSITORY, digest.replace(':', '-')),
            "signed by",
            "cosign.pub (ECDSA)",
            "DSSE in-toto statement",
            "for " + digest);
  }

  @Test
  void secondBundleIsAddedToTheReferrersTagAndEitherCanVerify() {
    String digest = publisher.pushImage(REPOSITORY, "two-bundles", "two bundles");
    publisher.signBundle(REPOSITORY, digest, digest, ImagePublisher.newSigningKey());
    publisher.signBundle(REPOSITORY, digest, digest, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
  }

  @Test
  void bundleByAnotherKeyFails() {
    String digest = publisher.pushImage(REPOSITORY, "bundle-other-key", "bundle other key");
    publisher.signBundle(REPOSITORY, digest, digest, ImagePublisher.newSigningKey());

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .startsWith("no valid signature for " + digest + ": Sigstore bundle sha256:")
        .contains(
            "signed by another key: none of the configured keys",
            "cosign.pub (ECDSA)",
            "no legacy signature");
  }

  @Test
  void bundleForAnotherDigestFails() {
    String digest = publisher.pushImage(REPOSITORY, "bundle-moved", "bundle moved");
    String other = publisher.pushImage(REPOSITORY, "bundle-other", "bundle other");
    publisher.signBundle(REPOSITORY, digest, other, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .contains(
            "but it is for another digest: its statement's subject is %s, the image is %s"
                .formatted(other, digest));
  }

  @Test
  void legacySignatureStillVerifiesBesideAFailingBundle() {
    String digest = publisher.pushImage(REPOSITORY, "both", "both");
    publisher.signBundle(REPOSITORY, digest, digest, ImagePublisher.newSigningKey());
    publisher.sign(REPOSITORY, digest, digest, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
    assertThat(check.detail())
        .startsWith(
            "legacy signature %s/%s:%s.sig layer 0: signed by"
                .formatted(registry.host(), REPOSITORY, digest.replace(':', '-')));
  }

  @Test
  void signatureByAnotherKeyFails() {
    String digest = publisher.pushImage(REPOSITORY, "other-key", "other key");
    publisher.sign(REPOSITORY, digest, digest, ImagePublisher.newSigningKey());

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .contains(
            "layer 0: signed by another key: none of the configured keys",
            "cosign.pub (ECDSA)",
            "verifies its signature");
  }

  @Test
  void signedPayloadForAnotherDigestFails() {
    String digest = publisher.pushImage(REPOSITORY, "moved", "moved");
    String other = publisher.pushImage(REPOSITORY, "other", "other");
    publisher.sign(REPOSITORY, digest, other, releaseKey);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .contains(
            "but its payload is for another digest: critical.image.docker-manifest-digest is '%s', the image is %s"
                .formatted(other, digest));
  }

  @Test
  void imageMissingFromTheRegistryIsAnErrorNamingTheTag() {
    ImageReference missing =
        ImageReference.parse(registry.host() + "/" + REPOSITORY + ":no-such-tag");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verifier.verify("deployment/api", missing))
        .isInstanceOf(SupplyChainException.class)
        .hasMessageContaining("the registry has no manifest for tag no-such-tag (404)");
  }
}
