package io.intelgraph.cutover.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The simple-signing payload rules, on payloads as cosign writes them
 * (pkg/cosign/obsolete_test.go).
 */
class CosignPayloadTest {

  private static final String DIGEST =
      "sha256:4aa3054270f7a70b4528f2064ee90961788e1e1518703592ae4463de3b889dec";
  private static final String COSIGN_PAYLOAD =
      "{\"critical\":{\"identity\":{\"docker-reference\":\"index.docker.io/namespace/image\"},"
          + "\"image\":{\"docker-manifest-digest\":\""
          + DIGEST
          + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";

  @Test
  void cosignsOwnPayloadVouchesForItsDigest() {
    assertThat(
            CosignVerifier.payloadProblem(COSIGN_PAYLOAD.getBytes(StandardCharsets.UTF_8), DIGEST))
        .isEmpty();
  }

  @Test
  void payloadForAnotherDigestIsNamedWithBothDigests() {
    String other = "sha256:" + "0".repeat(64);
    assertThat(
            CosignVerifier.payloadProblem(COSIGN_PAYLOAD.getBytes(StandardCharsets.UTF_8), other))
        .contains(
            "its payload is for another digest: critical.image.docker-manifest-digest is '%s', the image is %s"
                .formatted(DIGEST, other));
  }

  @Test
  void payloadOfAnotherTypeIsRefused() {
    String attestation =
        COSIGN_PAYLOAD.replace(
            "cosign container image signature", "https://in-toto.io/Statement/v0.1");
    assertThat(CosignVerifier.payloadProblem(attestation.getBytes(StandardCharsets.UTF_8), DIGEST))
        .contains(
            "its payload's critical.type is 'https://in-toto.io/Statement/v0.1', not 'cosign container image signature'");
  }

  @Test
  void payloadThatIsNotJsonIsRefused() {
    assertThat(CosignVerifier.payloadProblem("not json".getBytes(StandardCharsets.UTF_8), DIGEST))
        .get()
        .asString()
        .startsWith("its payload is not JSON");
  }
}
