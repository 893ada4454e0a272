package io.intelgraph.cutover.supplychain;

import io.intelgraph.cutover.support.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Sigstore bundle as {@code cosign sign} (v3, the default {@code --new-bundle-format}) attaches
 * it to an image, verified against the configured cosign keys. The format is the protobuf-specs
 * {@code Bundle} in its JSON form
 * (https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto): a {@code
 * mediaType}, the {@code verificationMaterial} (a {@code publicKey} hint for key-based signing, a
 * certificate for keyless, optional {@code tlogEntries}), and exactly one content:
 *
 * <ul>
 *   <li>{@code dsseEnvelope}: what {@code cosign sign} writes for an image (cosign's {@code
 *       cmd/cosign/cli/sign/sign.go}, {@code signDigestBundle}): an in-toto v1 statement of
 *       predicate type {@value #COSIGN_SIGN_PREDICATE} whose subject is the image's digest, in a
 *       DSSE envelope (payload type {@value #IN_TOTO_PAYLOAD}) with one signature over DSSE's
 *       pre-authentication encoding
 *       (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md): {@code "DSSEv1" SP
 *       LEN(type) SP type SP LEN(body) SP body}.
 *   <li>{@code messageSignature}: a signature over the artifact itself with its {@code
 *       messageDigest}; for an image the artifact is its manifest, so the digest must be the
 *       image's and the signature verifies over the manifest's bytes (sigstore-go's {@code
 *       WithArtifactDigest} policy, which cosign's verify uses).
 * </ul>
 *
 * <p>Parsed with the project's Jackson and verified with the JDK's {@code java.security} through
 * {@link CosignKeys.Key}, not sigstore-java: sigstore-java 2.0.0 brings Google's HTTP client on
 * Apache HttpClient 4, gRPC with shaded Netty, protobuf, Guava, Gson and its own Bouncy Castle, a
 * second of each stack the suite already has, for a check that is a JSON walk and one signature.
 *
 * <p>What is not checked: transparency-log entries (their presence is reported; the configured key
 * is the trust root, as for the legacy signatures) and keyless bundles (a Fulcio certificate chain
 * to a trusted root), which are rejected naming why.
 */
public final class SigstoreBundle {

  /** The media type cosign gives the bundle's layer and the referrer's artifact type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The bundle media types a client must accept (protobuf-specs, {@code Bundle.media_type}). */
  static final Set<String> ACCEPTED_MEDIA_TYPES =
      Set.of(
          MEDIA_TYPE,
          "application/vnd.dev.sigstore.bundle+json;version=0.1",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.3");

  static final String IN_TOTO_PAYLOAD = "application/vnd.in-toto+json";
  static final String IN_TOTO_STATEMENT_V1 = "https://in-toto.io/Statement/v1";

  /** cosign's {@code types.CosignSignPredicateType}: a signature, not some other attestation. */
  static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  private static final JsonMapper JSON = JsonMappers.JSON;

  private final JsonNode root;

  private SigstoreBundle(JsonNode root) {
    this.root = root;
  }

  /**
   * The bundle in {@code json}; names what is wrong when it is not JSON, not a bundle media type,
   * or has neither content.
   */
  static SigstoreBundle parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new SupplyChainException("the bundle is not JSON: " + e.getOriginalMessage());
    }
    String mediaType = root.path("mediaType").asString("");
    if (!ACCEPTED_MEDIA_TYPES.contains(mediaType)) {
      throw new SupplyChainException(
          "the bundle's mediaType is '%s', not a Sigstore bundle (%s)"
              .formatted(mediaType, MEDIA_TYPE));
    }
    if (!root.has("dsseEnvelope") && !root.has("messageSignature")) {
      throw new SupplyChainException(
          "the bundle has neither a dsseEnvelope nor a messageSignature");
    }
    return new SigstoreBundle(root);
  }

  /**
   * What verifying this bundle for the image {@code digest} found.
   *
   * @param signer the key that verified the signature, when one did
   * @param problem why the bundle does not vouch for the image, when it does not
   * @param description the bundle's content and transparency-log entries, for the evidence
   */
  record Verdict(Optional<CosignKeys.Key> signer, Optional<String> problem, String description) {
    boolean verified() {
      return problem.isEmpty();
    }
  }

  /**
   * Verifies the bundle's signature with {@code keys} and that it is for {@code digest}; {@code
   * manifest} gives the image manifest's bytes, read only for a {@code messageSignature}.
   */
  Verdict verify(List<CosignKeys.Key> keys, String digest, Supplier<byte[]> manifest) {
    String description = describe();
    JsonNode material = root.path("verificationMaterial");
    if (!material.has("publicKey")
        && (material.has("certificate") || material.has("x509CertificateChain"))) {
      return rejected(
          description,
          "it is a keyless bundle (signed with a Fulcio certificate); this suite verifies key-based"
              + " signatures only: sign with cosign sign --key and configure its cosign.pub in"
              + " supply_chain.cosign_public_keys");
    }
    return root.has("dsseEnvelope")
        ? verifyEnvelope(root.path("dsseEnvelope"), keys, digest, description)
        : verifyMessage(root.path("messageSignature"), keys, digest, manifest, description);
  }

  private Verdict verifyEnvelope(
      JsonNode envelope, List<CosignKeys.Key> keys, String digest, String description) {
    String payloadType = envelope.path("payloadType").asString("");
    if (!IN_TOTO_PAYLOAD.equals(payloadType)) {
      return rejected(
          description,
          "its DSSE payloadType is '%s', not '%s'".formatted(payloadType, IN_TOTO_PAYLOAD));
    }
    JsonNode signatures = envelope.path("signatures");
    if (signatures.size() != 1) {
      // protobuf-specs: a verifier MUST reject an envelope whose signature count is not one
      return rejected(
          description,
          "its DSSE envelope has %d signatures; a bundle's must have exactly one"
              .formatted(signatures.size()));
    }
    Optional<byte[]> payload = base64(envelope.path("payload"));
    Optional<byte[]> signature = base64(signatures.get(0).path("sig"));
    if (payload.isEmpty() || signature.isEmpty()) {
      return rejected(description, "its DSSE payload or signature is missing or not base64");
    }
    Optional<CosignKeys.Key> signer =
        keys.stream()
            .filter(
                key ->
                    key.verifies(
                        preAuthenticationEncoding(payloadType, payload.get()), signature.get()))
            .findFirst();
    if (signer.isEmpty()) {
      return rejected(description, anotherKey(keys));
    }
    Optional<String> problem = statementProblem(payload.get(), digest);
    return new Verdict(
        signer, problem.map(p -> "signed by %s, but %s".formatted(signer.get(), p)), description);
  }

  private Verdict verifyMessage(
      JsonNode message,
      List<CosignKeys.Key> keys,
      String digest,
      Supplier<byte[]> manifest,
      String description) {
    JsonNode messageDigest = message.path("messageDigest");
    String algorithm = messageDigest.path("algorithm").asString("");
    Optional<byte[]> signed = base64(messageDigest.path("digest"));
    if (!"SHA2_256".equals(algorithm) || signed.isEmpty()) {
      return rejected(
          description,
          "its messageDigest is '%s' over '%s', not a base64 SHA2_256 digest"
              .formatted(algorithm, messageDigest.path("digest").asString("")));
    }
    String signedDigest = "sha256:" + HexFormat.of().formatHex(signed.get());
    if (!signedDigest.equals(digest)) {
      return rejected(
          description,
          "it is for another digest: its messageDigest is %s, the image is %s"
              .formatted(signedDigest, digest));
    }
    Optional<byte[]> signature = base64(message.path("signature"));
    if (signature.isEmpty()) {
      return rejected(description, "its messageSignature has no base64 signature");
    }
    // the manifest's bytes hash to the digest (RegistryClient checks it), so a signature over them
    // is the signature over messageDigest that sigstore-go checks
    byte[] bytes = manifest.get();
    Optional<CosignKeys.Key> signer =
        keys.stream().filter(key -> key.verifies(bytes, signature.get())).findFirst();
    return signer.isPresent()
        ? new Verdict(signer, Optional.empty(), description)
        : rejected(description, anotherKey(keys));
  }

  /** Why the in-toto statement does not vouch for {@code digest} as an image signature, if not. */
  static Optional<String> statementProblem(byte[] payload, String digest) {
    JsonNode statement;
    try {
      statement = JSON.readTree(payload);
    } catch (JacksonException e) {
      return Optional.of("its in-toto statement is not JSON: " + e.getOriginalMessage());
    }
    String type = statement.path("_type").asString("");
    if (!IN_TOTO_STATEMENT_V1.equals(type)) {
      return Optional.of(
          "its statement's _type is '%s', not '%s'".formatted(type, IN_TOTO_STATEMENT_V1));
    }
    String predicateType = statement.path("predicateType").asString("");
    if (!COSIGN_SIGN_PREDICATE.equals(predicateType)) {
      return Optional.of(
          "its statement's predicateType is '%s', not cosign's signature '%s' (another attestation)"
              .formatted(predicateType, COSIGN_SIGN_PREDICATE));
    }
    String[] parts = digest.split(":", 2);
    List<String> subjects = new ArrayList<>();
    for (JsonNode subject : statement.path("subject")) {
      subject
          .path("digest")
          .properties()
          .forEach(e -> subjects.add(e.getKey() + ":" + e.getValue().asString("")));
      if (parts[1].equals(subject.path("digest").path(parts[0]).asString(""))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "it is for another digest: its statement's subject is %s, the image is %s"
            .formatted(subjects.isEmpty() ? "empty" : String.join(", ", subjects), digest));
  }

  /** DSSE's PAE, the bytes a DSSE signature is over. */
  static byte[] preAuthenticationEncoding(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        "DSSEv1 %d %s %d "
            .formatted(type.length, payloadType, payload.length)
            .getBytes(StandardCharsets.UTF_8);
    byte[] pae = new byte[head.length + payload.length];
    System.arraycopy(head, 0, pae, 0, head.length);
    System.arraycopy(payload, 0, pae, head.length, payload.length);
    return pae;
  }

  /** The content kind and the transparency-log entries, as the evidence shows them. */
  private String describe() {
    String content = root.has("dsseEnvelope") ? "DSSE in-toto statement" : "message signature";
    JsonNode entries = root.path("verificationMaterial").path("tlogEntries");
    if (entries.isEmpty()) return content + ", no transparency-log entry";
    List<String> indexes = new ArrayList<>();
    entries.forEach(e -> indexes.add(e.path("logIndex").asString("?")));
    return "%s, transparency-log entry at log index %s not checked (the configured key is the trust root)"
        .formatted(content, String.join(", ", indexes));
  }

  private static String anotherKey(List<CosignKeys.Key> keys) {
    return "signed by another key: none of the configured keys %s verifies its signature"
        .formatted(keys);
  }

  private static Verdict rejected(String description, String problem) {
    return new Verdict(Optional.empty(), Optional.of(problem), description);
  }

  private static Optional<byte[]> base64(JsonNode node) {
    String text = node.asString("");
    if (text.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
