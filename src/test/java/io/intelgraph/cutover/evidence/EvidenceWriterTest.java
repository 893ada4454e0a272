package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretException;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceWriterTest {

  record Attached(String name, String mediaType, String content, String extension) {}

  @TempDir Path root;
  private final List<Attached> attached = new ArrayList<>();
  private final SecretRegistry secrets = new SecretRegistry();

  private EvidenceWriter writer() {
    return new EvidenceWriter(
        root.resolve("v1.0.0-GA/gate"),
        new Redactor(secrets),
        (name, type, in, ext) -> {
          try {
            attached.add(
                new Attached(
                    name, type, new String(in.readAllBytes(), StandardCharsets.UTF_8), ext));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Test
  void anAttachmentIsRedactedBeforeItReachesAllureOrTheDisk() throws IOException {
    secrets.register("oidc:access-token", "opaque-token-42");

    Path file =
        writer()
            .attach(
                "login exchange", "text/plain", "GET /api Authorization: Bearer opaque-token-42");

    String expected = "GET /api Authorization: Bearer [REDACTED:oidc:access-token]";
    assertThat(file)
        .isEqualTo(root.resolve("v1.0.0-GA/gate/login-exchange.txt"))
        .hasContent(expected);
    assertThat(attached)
        .containsExactly(new Attached("login exchange", "text/plain", expected, "txt"));
  }

  @Test
  void aNameAlreadyTakenGetsASuffixInsteadOfOverwriting() {
    EvidenceWriter writer = writer();
    Path first = writer.attach("api_p95 answer", "application/json", "{\"a\":1}");
    Path second = writer.attach("api_p95 answer", "application/json", "{\"a\":2}");

    assertThat(first.getFileName()).hasToString("api_p95-answer.json");
    assertThat(second.getFileName()).hasToString("api_p95-answer-2.json");
    assertThat(first).hasContent("{\"a\":1}");
  }

  @Test
  void aSecretInTheNameIsRedactedToo() {
    secrets.register("env:TOKEN", "tok-123456");

    Path file = writer().attach("call with tok-123456", "application/json", "{}");

    assertThat(file.getFileName()).hasToString("call-with-REDACTED-env-TOKEN.json");
    assertThat(attached.get(0).name()).isEqualTo("call with [REDACTED:env:TOKEN]");
  }

  @Test
  void binaryEvidenceHoldingASecretIsNeitherAttachedNorWritten() {
    secrets.register("env:TOKEN", "tok-123456");
    byte[] png =
        new byte[] {
          (byte) 0x89, 'P', 'N', 'G', 0, 't', 'o', 'k', '-', '1', '2', '3', '4', '5', '6'
        };

    assertThatThrownBy(() -> writer().attach("chart", "image/png", png))
        .isInstanceOf(SecretException.class);
    assertThat(attached).isEmpty();
    assertThat(root.resolve("v1.0.0-GA/gate")).doesNotExist();
  }

  @Test
  void forPhaseWritesUnderTheReleaseAndPhase() {
    EvidenceWriter writer =
        EvidenceWriter.forPhase(root, "v1.0.0-GA", "evidence", new Redactor(secrets));

    assertThat(writer.directory()).isEqualTo(root.resolve("v1.0.0-GA").resolve("evidence"));
    assertThat(Files.exists(writer.attach("summary", "application/json", "{}"))).isTrue();
  }
}
