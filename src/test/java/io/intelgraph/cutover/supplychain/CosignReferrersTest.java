package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.sandbox.registry.ImagePublisher;
import io.intelgraph.cutover.support.JsonMappers;
import io.intelgraph.cutover.testing.StubServer;
import io.intelgraph.cutover.testing.StubServer.Request;
import io.intelgraph.cutover.testing.StubServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Finding an image's Sigstore bundle the two ways the distribution spec v1.1 allows
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers): a
 * registry with the referrers API (a double answering {@code GET /v2/<name>/referrers/<digest>} as
 * the spec says: an image index of the manifests whose {@code subject} is the digest, their {@code
 * artifactType} and annotations carried over), and one without it (404), where the referrers tag
 * {@code sha256-<hex>} holds the index.
 */
class CosignReferrersTest {

  private static final String REPOSITORY = "intelgraph/api";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path work;
  private StubServer server;
  private final Map<String, String> manifests = new ConcurrentHashMap<>();
  private final Map<String, String> blobs = new ConcurrentHashMap<>();
  private volatile boolean referrersApi;
  private KeyPair releaseKey;
  private CosignVerifier verifier;
  private String host;

  /** The double: manifests by tag or digest, blobs by digest, and the referrers API if enabled. */
  private Response serve(Request request) {
    String[] parts =
        request.path().substring("/v2/".length()).split("/(?=(manifests|blobs|referrers)/)");
    if (parts.length != 2 || !parts[0].equals(REPOSITORY)) return Response.of(404);
    String[] route = parts[1].split("/", 2);
    return switch (route[0]) {
      case "manifests" -> found(manifests.get(route[1]), contentType(manifests.get(route[1])));
      case "blobs" -> found(blobs.get(route[1]), "application/octet-stream");
      case "referrers" ->
          referrersApi
              ? Response.of(200, referrers(route[1]))
                  .withHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
              : Response.of(404, "404 page not found");
      default -> Response.of(404);
    };
  }

  private static Response found(String body, String contentType) {
    return body == null
        ? Response.of(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}")
        : Response.of(200, body).withHeader("Content-Type", contentType);
  }

  private static String contentType(String manifest) {
    return manifest == null
        ? ""
        : JsonMappers.JSON.readTree(manifest).path("mediaType").asString(OCI_MANIFEST);
  }

  /** The spec's referrers response: every manifest whose subject is {@code digest}. */
  private String referrers(String digest) {
    List<String> descriptors = new ArrayList<>();
    manifests.forEach(
        (reference, body) -> {
          JsonNode manifest = JsonMappers.JSON.readTree(body);
          if (reference.startsWith("sha256:")
              && digest.equals(manifest.path("subject").path("digest").asString(""))) {
            String artifactType =
                manifest
                    .path("artifactType")
                    .asString(manifest.path("config").path("mediaType").asString(""));
            descriptors.add(
                "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d,\"artifactType\":\"%s\",\"annotations\":%s}"
                    .formatted(
                        OCI_MANIFEST,
                        reference,
                        body.getBytes(StandardCharsets.UTF_8).length,
                        artifactType,
                        manifest.path("annotations").toString()));
          }
        });
    return ImagePublisher.referrersIndex(descriptors.toArray(String[]::new));
  }

  @BeforeEach
  void start() throws Exception {
    server = StubServer.start().route("/v2/", this::serve);
    host = server.uri("").getAuthority();
    releaseKey = ImagePublisher.newSigningKey();
    Path pub =
        Files.writeString(work.resolve("cosign.pub"), ImagePublisher.publicKeyPem(releaseKey));
    verifier =
        new CosignVerifier(
            new RegistryClient(
                Duration.ofSeconds(5), Set.of(host), Optional.empty(), Optional.empty()),
            CosignKeys.load(List.of(pub)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String put(Map<String, String> store, String content) {
    String digest = RegistryClient.sha256(content.getBytes(StandardCharsets.UTF_8));
    store.put(digest, content);
    return digest;
  }

  /** An image and a bundle attached to it; returns the image's digest. */
  private String signedImage(String subject) {
    String image =
        put(
            manifests,
            "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"layers\":[]}".formatted(OCI_MANIFEST));
    String bundle =
        new String(
            ImagePublisher.dsseBundle(subject == null ? image : subject, releaseKey),
            StandardCharsets.UTF_8);
    String bundleDigest = put(blobs, bundle);
    put(blobs, "{}");
    String referrer =
        ImagePublisher.bundleManifest(
            bundleDigest, bundle.length(), image, manifests.get(image).length());
    String referrerDigest = put(manifests, referrer);
    // what a client keeps for a registry without the API; ignored where the API answers
    manifests.put(
        image.replace(':', '-'),
        ImagePublisher.referrersIndex(
            ImagePublisher.referrerDescriptor(referrerDigest, referrer.length())));
    return image;
  }

  private ImageReference pinned(String digest) {
    return ImageReference.parse(host + "/" + REPOSITORY + "@" + digest);
  }

  @Test
  void bundleFoundThroughTheReferrersApiVerifies() {
    referrersApi = true;
    String digest = signedImage(null);
    manifests.remove(digest.replace(':', '-')); // only the API lists it

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
    assertThat(check.detail())
        .startsWith("Sigstore bundle sha256:")
        .contains(
            "(referrers API http://%s/v2/%s/referrers/%s)".formatted(host, REPOSITORY, digest),
            "signed by",
            "cosign.pub (ECDSA)",
            "DSSE in-toto statement",
            "for " + digest);
    assertThat(server.requests())
        .extracting(Request::path)
        .doesNotContain("/v2/%s/manifests/%s".formatted(REPOSITORY, digest.replace(':', '-')));
  }

  @Test
  void withoutTheApiTheReferrersTagIsRead() {
    referrersApi = false;
    String digest = signedImage(null);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).as(check.toString()).isTrue();
    assertThat(check.detail())
        .contains(
            "(referrers tag %s/%s:%s)".formatted(host, REPOSITORY, digest.replace(':', '-')),
            "signed by");
    assertThat(server.requests())
        .extracting(Request::path)
        .containsSubsequence(
            "/v2/%s/referrers/%s".formatted(REPOSITORY, digest),
            "/v2/%s/manifests/%s".formatted(REPOSITORY, digest.replace(':', '-')));
  }

  @Test
  void bundleForAnotherDigestFailsForThatReason() {
    referrersApi = true;
    String other = "sha256:" + "0".repeat(64);
    String digest = signedImage(other);

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .startsWith("no valid signature for " + digest + ": Sigstore bundle sha256:")
        .contains(
            "but it is for another digest: its statement's subject is %s, the image is %s"
                .formatted(other, digest),
            "no legacy signature %s/%s:%s.sig"
                .formatted(host, REPOSITORY, digest.replace(':', '-')));
  }

  @Test
  void apiListingNoBundleAndNoLegacyTagIsUnsigned() {
    referrersApi = true;
    String digest =
        put(
            manifests,
            "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"layers\":[]}".formatted(OCI_MANIFEST));

    SignatureCheck check = verifier.verify("deployment/api", pinned(digest));

    assertThat(check.verified()).isFalse();
    assertThat(check.detail())
        .isEqualTo(
            ("unsigned: no Sigstore bundle among the referrers of %s (referrers API"
                    + " http://%s/v2/%s/referrers/%s lists none) and no legacy signature manifest"
                    + " %s/%s:%s.sig (cosign sign was not run for this digest, or pushed elsewhere)")
                .formatted(
                    digest, host, REPOSITORY, digest, host, REPOSITORY, digest.replace(':', '-')));
  }
}
