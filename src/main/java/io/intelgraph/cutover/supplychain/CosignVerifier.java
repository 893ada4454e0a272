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
 * does (https://docs.sigstore.dev/cosign/verifying/verify/; format:
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): the signatures of the
 * image with digest {@code sha256:<hex>} live in the same repository under the tag {@code
 * sha256-<hex>.sig}, an OCI manifest whose layers of media type {@value #SIMPLE_SIGNING} are the
 * signed payloads, each with its base64 signature in the annotation {@value #SIGNATURE_ANNOTATION}.
 * A layer counts if a configured key verifies its signature over the payload's exact bytes, and the
 * payload's {@code critical.type} is {@value #SIGNATURE_TYPE} and its {@code
 * critical.image.docker-manifest-digest} is the image's digest (cosign's {@code
 * pkg/cosign/verify.go}). Transparency-log and certificate (keyless) checks are not made: the keys
 * are the trust root.
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
   * Verifies {@code image} (resolving a tag to its digest first); a registry that cannot be read is
   * an exception, not a verdict.
   */
  public SignatureCheck verify(String where, ImageReference image) {
    String digest = registry.resolveDigest(image);
    String tag = signatureTag(digest);
    Optional<RegistryClient.Manifest> signatures = registry.manifest(image, tag);
    if (signatures.isEmpty()) {
      return new SignatureCheck(
          where,
          image.toString(),
          digest,
          false,
          "unsigned: the registry has no signature manifest %s/%s:%s (cosign sign was not run for this digest, or pushed elsewhere)"
              .formatted(image.registry(), image.repository(), tag));
    }
    List<String> rejected = new ArrayList<>();
    int layerIndex = 0;
    for (JsonNode layer : signatures.get().json().path("layers")) {
      String name = "layer " + layerIndex++;
      if (!SIMPLE_SIGNING.equals(layer.path("mediaType").asString(""))) {
        rejected.add(
            "%s: media type %s, not %s"
                .formatted(name, layer.path("mediaType").asString("(none)"), SIMPLE_SIGNING));
        continue;
      }
      String encoded = layer.path("annotations").path(SIGNATURE_ANNOTATION).asString("");
      if (encoded.isEmpty()) {
        rejected.add("%s: no %s annotation".formatted(name, SIGNATURE_ANNOTATION));
        continue;
      }
      byte[] signature;
      try {
        signature = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        rejected.add("%s: the signature annotation is not base64".formatted(name));
        continue;
      }
      byte[] payload = registry.blob(image, layer.path("digest").asString(""));
      Optional<CosignKeys.Key> signer =
          keys.stream().filter(key -> key.verifies(payload, signature)).findFirst();
      if (signer.isEmpty()) {
        rejected.add(
            "%s: signed by another key: none of the configured keys %s verifies its signature"
                .formatted(name, keys));
        continue;
      }
      Optional<String> payloadProblem = payloadProblem(payload, digest);
      if (payloadProblem.isPresent()) {
        rejected.add(
            "%s: signed by %s, but %s".formatted(name, signer.get(), payloadProblem.get()));
        continue;
      }
      return new SignatureCheck(
          where,
          image.toString(),
          digest,
          true,
          "signed by %s; payload type '%s' for %s (%s:%s %s)"
              .formatted(signer.get(), SIGNATURE_TYPE, digest, image.repository(), tag, name));
    }
    if (rejected.isEmpty()) rejected.add("the signature manifest has no layers");
    return new SignatureCheck(
        where,
        image.toString(),
        digest,
        false,
        "no valid signature in %s/%s:%s: %s"
            .formatted(image.registry(), image.repository(), tag, String.join("; ", rejected)));
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
