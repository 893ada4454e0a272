package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.sandbox.registry.ImagePublisher;
import io.intelgraph.cutover.support.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sigstore bundles as cosign v3 writes them for an image (DSSE in-toto statement, and the message
 * signature form), verified against a configured key: the image's own bundle verifies, a tampered
 * payload, another key, another digest, another attestation and a keyless bundle each fail for
 * their reason.
 */
class SigstoreBundleTest {

  private static final byte[] MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String DIGEST = RegistryClient.sha256(MANIFEST);
  private static final String OTHER =
      "sha256:4aa3054270f7a70b4528f2064ee90961788e1e1518703592ae4463de3b889dec";

  @TempDir static Path work;
  private static KeyPair releaseKey;
  private static List<CosignKeys.Key> keys;

  @BeforeAll
  static void keys() throws Exception {
    releaseKey = ImagePublisher.newSigningKey();
    Path pub =
        Files.writeString(work.resolve("cosign.pub"), ImagePublisher.publicKeyPem(releaseKey));
    keys = CosignKeys.load(List.of(pub));
  }

  private static SigstoreBundle.Verdict verify(byte[] bundle) {
    return SigstoreBundle.parse(bundle).verify(keys, DIGEST, () -> MANIFEST);
  }

  private static ObjectNode json(byte[] bundle) {
    return (ObjectNode) JsonMappers.JSON.readTree(bundle);
  }

  private static byte[] bytes(ObjectNode node) {
    return JsonMappers.JSON.writeValueAsBytes(node);
  }

  @Test
  void cosignsDsseBundleForTheImageVerifiesWithTheReleaseKey() {
    SigstoreBundle.Verdict verdict = verify(ImagePublisher.dsseBundle(DIGEST, releaseKey));

    assertThat(verdict.problem()).isEmpty();
    assertThat(verdict.signer())
        .hasValueSatisfying(k -> assertThat(k.toString()).contains("cosign.pub (ECDSA)"));
    assertThat(verdict.description())
        .isEqualTo("DSSE in-toto statement, no transparency-log entry");
  }

  @Test
  void tamperedStatementNoLongerVerifies() {
    ObjectNode bundle = json(ImagePublisher.dsseBundle(OTHER, releaseKey));
    ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
    // the statement rewritten to name this image, the signature left as it was
    String statement =
        new String(
                Base64.getDecoder().decode(envelope.get("payload").asString()),
                StandardCharsets.UTF_8)
            .replace(OTHER.substring(7), DIGEST.substring(7));
    envelope.put(
        "payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));

    SigstoreBundle.Verdict verdict = verify(bytes(bundle));

    assertThat(verdict.signer()).isEmpty();
    assertThat(verdict.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("signed by another key: none of the configured keys")
                    .contains("cosign.pub (ECDSA)", "verifies its signature"));
  }

  @Test
  void bundleSignedByAnotherKeyFails() {
    SigstoreBundle.Verdict verdict =
        verify(ImagePublisher.dsseBundle(DIGEST, ImagePublisher.newSigningKey()));

    assertThat(verdict.problem())
        .hasValue(
            "signed by another key: none of the configured keys %s verifies its signature"
                .formatted(keys));
  }

  @Test
  void bundleForAnotherDigestFailsNamingBoth() {
    SigstoreBundle.Verdict verdict = verify(ImagePublisher.dsseBundle(OTHER, releaseKey));

    assertThat(verdict.signer()).isPresent();
    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.problem())
        .hasValue(
            "signed by %s, but it is for another digest: its statement's subject is %s, the image is %s"
                .formatted(keys.get(0), OTHER, DIGEST));
  }

  @Test
  void anotherAttestationByTheSameKeyIsNotASignature() {
    byte[] statement =
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\""
                + DIGEST.substring(7)
                + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(SigstoreBundle.statementProblem(statement, DIGEST))
        .hasValue(
            "its statement's predicateType is 'https://slsa.dev/provenance/v1', not cosign's signature 'https://sigstore.dev/cosign/sign/v1' (another attestation)");
  }

  @Test
  void messageSignatureOverTheManifestVerifies() {
    SigstoreBundle.Verdict verdict = verify(ImagePublisher.messageBundle(MANIFEST, releaseKey));

    assertThat(verdict.problem()).isEmpty();
    assertThat(verdict.description()).startsWith("message signature");
  }

  @Test
  void messageSignatureForAnotherArtifactFailsNamingItsDigest() {
    byte[] other = "another manifest".getBytes(StandardCharsets.UTF_8);

    SigstoreBundle.Verdict verdict = verify(ImagePublisher.messageBundle(other, releaseKey));

    assertThat(verdict.problem())
        .hasValue(
            "it is for another digest: its messageDigest is %s, the image is %s"
                .formatted(RegistryClient.sha256(other), DIGEST));
  }

  @Test
  void transparencyLogEntryIsReportedAndTheKeyStillDecides() {
    ObjectNode bundle = json(ImagePublisher.dsseBundle(DIGEST, releaseKey));
    ((ObjectNode) bundle.get("verificationMaterial"))
        .putArray("tlogEntries")
        .addObject()
        .put("logIndex", "175508996");

    SigstoreBundle.Verdict verdict = verify(bytes(bundle));

    assertThat(verdict.problem()).isEmpty();
    assertThat(verdict.description())
        .isEqualTo(
            "DSSE in-toto statement, transparency-log entry at log index 175508996 not checked (the configured key is the trust root)");
  }

  @Test
  void keylessBundleIsRejectedNamingTheFix() {
    ObjectNode bundle = json(ImagePublisher.dsseBundle(DIGEST, releaseKey));
    ObjectNode material = (ObjectNode) bundle.get("verificationMaterial");
    material.remove("publicKey");
    material.putObject("certificate").put("rawBytes", "MIIB");

    assertThat(verify(bytes(bundle)).problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("it is a keyless bundle (signed with a Fulcio certificate)")
                    .contains("cosign sign --key", "supply_chain.cosign_public_keys"));
  }

  @Test
  void envelopeWithTwoSignaturesIsRejected() {
    ObjectNode bundle = json(ImagePublisher.dsseBundle(DIGEST, releaseKey));
    var signatures =
        (tools.jackson.databind.node.ArrayNode) bundle.get("dsseEnvelope").get("signatures");
    signatures.add(signatures.get(0).deepCopy());

    assertThat(verify(bytes(bundle)).problem())
        .hasValue("its DSSE envelope has 2 signatures; a bundle's must have exactly one");
  }

  @Test
  void notABundleIsNamed() {
    assertThatThrownBy(
            () ->
                SigstoreBundle.parse(
                    "{\"mediaType\":\"text/plain\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SupplyChainException.class)
        .hasMessage(
            "the bundle's mediaType is 'text/plain', not a Sigstore bundle (application/vnd.dev.sigstore.bundle.v0.3+json)");
    assertThatThrownBy(() -> SigstoreBundle.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SupplyChainException.class)
        .hasMessageStartingWith("the bundle is not JSON: ");
  }

  @Test
  void preAuthenticationEncodingIsDssesOwn() {
    // the DSSE protocol's example (secure-systems-lab/dsse, protocol.md, "Test vectors")
    assertThat(
            new String(
                SigstoreBundle.preAuthenticationEncoding(
                    "http://example.com/HelloWorld",
                    "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }
}
