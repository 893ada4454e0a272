package io.intelgraph.cutover.supplychain;

import io.intelgraph.cutover.support.JsonMappers;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an image's cosign key-based signature as {@code cosign verify --key cosign.pub IMAGE}
 * does (https://docs.sigstore.dev/cosign/verifying/verify/), in either form cosign attaches it:
 *
 * <ul>
 *   <li>current (cosign v3's default): a Sigstore bundle attached as an OCI 1.1 referrer of the
 *       image's digest (https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md): the
 *       referrers index (API, or the {@code sha256-<hex>} referrers tag where the registry has no
 *       API, see {@link RegistryClient#referrers}) lists manifests of artifact type {@value
 *       SigstoreBundle#MEDIA_TYPE}, each with the bundle as its layer; the bundle is verified by
 *       {@link SigstoreBundle}.
 *   <li>legacy (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): the
 *       signatures of the image with digest {@code sha256:<hex>} live in the same repository under
 *       the tag {@code sha256-<hex>.sig}, an OCI manifest whose layers of media type {@value
 *       #SIMPLE_SIGNING} are the signed payloads, each with its base64 signature in the annotation
 *       {@value #SIGNATURE_ANNOTATION}. A layer counts if a configured key verifies its signature
 *       over the payload's exact bytes, and the payload's {@code critical.type} is {@value
 *       #SIGNATURE_TYPE} and its {@code critical.image.docker-manifest-digest} is the image's
 *       digest (cosign's {@code pkg/cosign/verify.go}).
 * </ul>
 *
 * Transparency-log and certificate (keyless) checks are not made: the keys are the trust root.
 *
 * <pre>{@code
 * CosignVerifier cosign = new CosignVerifier(RegistryClient.forConfig(config), CosignKeys.load(config.cosignPublicKeys()));
 * SignatureCheck check = cosign.verify("deployment/intelgraph-api", ImageReference.parse("ghcr.io/intelgraph/api:1.42.0"));
 * }</pre>
 */
public final class CosignVerifier {

  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  static final String SIGNATURE_TYPE = "cosign container image signature";
  private static final JsonMapper JSON = JsonMappers.JSON;

  private final RegistryClient registry;
  private final List<CosignKeys.Key> keys;

  public CosignVerifier(RegistryClient registry, List<CosignKeys.Key> keys) {
    if (keys.isEmpty()) {
      throw new SupplyChainException(
          "no cosign public key is configured; set supply_chain.cosign_public_keys to the release key's cosign.pub");
    }
    this.registry = registry;
    this.keys = List.copyOf(keys);
  }

  /**
   * The tag cosign stores an image's signatures under: {@code sha256:abc} becomes {@code
   * sha256-abc.sig}.
   */
  static String signatureTag(String digest) {
    return digest.replace(':', '-') + ".sig";
  }

  /**
   * Verifies {@code image} (resolving a tag to its digest first) by either form cosign attaches: a
   * Sigstore bundle among the digest's referrers (cosign v3's default), then the legacy {@code
   * .sig} tag; the detail names the form that verified, or every reason none did. A registry that
   * cannot be read is an exception, not a verdict.
   */
  public SignatureCheck verify(String where, ImageReference image) {
    String digest = registry.resolveDigest(image);
    List<String> rejected = new ArrayList<>();

    Optional<RegistryClient.Referrers> referrers = registry.referrers(image, digest);
    List<String> bundles =
        referrers.map(r -> r.ofType(SigstoreBundle.MEDIA_TYPE)).orElse(List.of());
    for (String bundleManifest : bundles) {
      String name = "Sigstore bundle %s (%s)".formatted(bundleManifest, referrers.get().source());
      BundleOutcome outcome = verifyBundle(image, digest, bundleManifest);
      if (outcome.signer().isPresent()) {
        return new SignatureCheck(
            where,
            image.toString(),
            digest,
            Optional.of(SignatureCheck.Form.SIGSTORE_BUNDLE),
            "%s: signed by %s; %s for %s"
                .formatted(name, outcome.signer().get(), outcome.what(), digest));
      }
      rejected.add("%s: %s".formatted(name, outcome.what()));
    }

    String tag = signatureTag(digest);
    String legacyName =
        "legacy signature %s/%s:%s".formatted(image.registry(), image.repository(), tag);
    Optional<RegistryClient.Manifest> signatures = registry.manifest(image, tag);
    if (signatures.isEmpty() && bundles.isEmpty()) {
      return new SignatureCheck(
          where,
          image.toString(),
          digest,
          Optional.empty(),
          ("unsigned: no Sigstore bundle among the referrers of %s (%s) and no legacy signature"
                  + " manifest %s/%s:%s (cosign sign was not run for this digest, or pushed"
                  + " elsewhere)")
              .formatted(
                  digest,
                  referrers
                      .map(r -> r.source() + " lists none")
                      .orElse(
                          "no referrers API, no referrers tag "
                              + RegistryClient.referrersTag(digest)),
                  image.registry(),
                  image.repository(),
                  tag));
    }
    if (signatures.isPresent()) {
      List<String> legacyRejected = new ArrayList<>();
      int layerIndex = 0;
      for (JsonNode layer : signatures.get().json().path("layers")) {
        String name = "layer " + layerIndex++;
        Optional<String> verified = verifyLayer(image, digest, layer, name, legacyRejected);
        if (verified.isPresent()) {
          return new SignatureCheck(
              where,
              image.toString(),
              digest,
              Optional.of(SignatureCheck.Form.LEGACY_SIG),
              "%s %s: %s".formatted(legacyName, name, verified.get()));
        }
      }
      if (legacyRejected.isEmpty()) legacyRejected.add("the signature manifest has no layers");
      rejected.add("%s: %s".formatted(legacyName, String.join("; ", legacyRejected)));
    } else {
      rejected.add("no %s".formatted(legacyName));
    }
    return new SignatureCheck(
        where,
        image.toString(),
        digest,
        Optional.empty(),
        "no valid signature for %s: %s".formatted(digest, String.join("; ", rejected)));
  }

  /** The key that verified the bundle and what it holds, or why it does not vouch for the image. */
  private record BundleOutcome(Optional<CosignKeys.Key> signer, String what) {}

  private BundleOutcome verifyBundle(ImageReference image, String digest, String manifestDigest) {
    Optional<RegistryClient.Manifest> manifest = registry.manifest(image, manifestDigest);
    if (manifest.isEmpty()) {
      return new BundleOutcome(
          Optional.empty(), "listed as a referrer, but the registry has no such manifest (404)");
    }
    Optional<JsonNode> layer =
        manifest
            .get()
            .json()
            .path("layers")
            .valueStream()
            .filter(l -> SigstoreBundle.MEDIA_TYPE.equals(l.path("mediaType").asString("")))
            .findFirst();
    if (layer.isEmpty()) {
      return new BundleOutcome(
          Optional.empty(), "its manifest has no layer of media type " + SigstoreBundle.MEDIA_TYPE);
    }
    byte[] json = registry.blob(image, layer.get().path("digest").asString(""));
    SigstoreBundle bundle;
    try {
      bundle = SigstoreBundle.parse(json);
    } catch (SupplyChainException e) {
      return new BundleOutcome(Optional.empty(), e.getMessage());
    }
    SigstoreBundle.Verdict verdict =
        bundle.verify(
            keys,
            digest,
            () ->
                registry
                    .manifest(image, digest)
                    .orElseThrow(
                        () ->
                            new SupplyChainException(
                                "%s/%s: the registry has no manifest %s, though it resolved to it"
                                    .formatted(image.registry(), image.repository(), digest)))
                    .bytes());
    return verdict.verified()
        ? new BundleOutcome(verdict.signer(), verdict.description())
        : new BundleOutcome(
            Optional.empty(), verdict.problem().orElseThrow() + " (" + verdict.description() + ")");
  }

  /**
   * One layer of a legacy {@code .sig} manifest: what it verified (key and payload type), or empty
   * with the reason added to {@code rejected}.
   */
  private Optional<String> verifyLayer(
      ImageReference image, String digest, JsonNode layer, String name, List<String> rejected) {
    if (!SIMPLE_SIGNING.equals(layer.path("mediaType").asString(""))) {
      rejected.add(
          "%s: media type %s, not %s"
              .formatted(name, layer.path("mediaType").asString("(none)"), SIMPLE_SIGNING));
      return Optional.empty();
    }
    String encoded = layer.path("annotations").path(SIGNATURE_ANNOTATION).asString("");
    if (encoded.isEmpty()) {
      rejected.add("%s: no %s annotation".formatted(name, SIGNATURE_ANNOTATION));
      return Optional.empty();
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      rejected.add("%s: the signature annotation is not base64".formatted(name));
      return Optional.empty();
    }
    byte[] payload = registry.blob(image, layer.path("digest").asString(""));
    Optional<CosignKeys.Key> signer =
        keys.stream().filter(key -> key.verifies(payload, signature)).findFirst();
    if (signer.isEmpty()) {
      rejected.add(
          "%s: signed by another key: none of the configured keys %s verifies its signature"
              .formatted(name, keys));
      return Optional.empty();
    }
    Optional<String> payloadProblem = payloadProblem(payload, digest);
    if (payloadProblem.isPresent()) {
      rejected.add("%s: signed by %s, but %s".formatted(name, signer.get(), payloadProblem.get()));
      return Optional.empty();
    }
    return Optional.of(
        "signed by %s; payload type '%s' for %s".formatted(signer.get(), SIGNATURE_TYPE, digest));
  }

  /** Why a verified payload does not vouch for {@code digest}, if it does not. */
  static Optional<String> payloadProblem(byte[] payload, String digest) {
    JsonNode critical;
    try {
      critical = JSON.readTree(payload).path("critical");
    } catch (JacksonException e) {
      return Optional.of("its payload is not JSON: " + e.getOriginalMessage());
    }
    String type = critical.path("type").asString("");
    if (!SIGNATURE_TYPE.equals(type)) {
      return Optional.of(
          "its payload's critical.type is '%s', not '%s'".formatted(type, SIGNATURE_TYPE));
    }
    String signedDigest = critical.path("image").path("docker-manifest-digest").asString("");
    if (!digest.equals(signedDigest)) {
      return Optional.of(
          "its payload is for another digest: critical.image.docker-manifest-digest is '%s', the image is %s"
              .formatted(signedDigest, digest));
    }
    return Optional.empty();
  }
}
