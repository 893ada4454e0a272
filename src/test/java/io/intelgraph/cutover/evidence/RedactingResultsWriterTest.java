package io.intelgraph.cutover.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretException;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.FixtureResult;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactingResultsWriterTest {

  static final String SECRET = "s3cr3t-client-value";

  @TempDir Path dir;
  RedactingResultsWriter writer;

  @BeforeEach
  void writer() {
    SecretRegistry secrets = new SecretRegistry();
    secrets.register("env:OIDC_CLIENT_SECRET", SECRET);
    writer = new RedactingResultsWriter(new FileSystemResultsWriter(dir), new Redactor(secrets));
  }

  @Test
  void everyStringOfAResultIsRedactedAndTheResultStaysReadable() throws IOException {
    String uuid = UUID.randomUUID().toString();
    TestResult result =
        new TestResult()
            .setUuid(uuid)
            .setName("login with " + SECRET)
            .setFullName("a.B#login " + SECRET)
            .setStatus(Status.FAILED)
            .setStatusDetails(
                new StatusDetails()
                    .setMessage("refused \"" + SECRET + "\"")
                    .setTrace("at x\n  secret " + SECRET))
            .setLabels(new ArrayList<>(List.of(new Label().setName("story").setValue(SECRET))))
            .setParameters(
                new ArrayList<>(List.of(new Parameter().setName("secret").setValue(SECRET))))
            .setSteps(
                new ArrayList<>(
                    List.of(
                        new StepResult()
                            .setName("step " + SECRET)
                            .setAttachments(
                                new ArrayList<>(
                                    List.of(
                                        new Attachment()
                                            .setName("att " + SECRET)
                                            .setSource("a-attachment.txt")))))));
    result.setTitlePath(new ArrayList<>(List.of("suite " + SECRET)));

    writer.write(result);

    String json = Files.readString(dir.resolve(uuid + "-result.json"));
    assertThat(json)
        .doesNotContain(SECRET)
        .contains(
            "[REDACTED:env:OIDC_CLIENT_SECRET]", "\"status\":\"failed\"", uuid, "a-attachment.txt");
  }

  @Test
  void fixturesOfAContainerAreRedacted() throws IOException {
    String uuid = UUID.randomUUID().toString();
    TestResultContainer container =
        new TestResultContainer()
            .setUuid(uuid)
            .setName("class " + SECRET)
            .setBefores(
                new ArrayList<>(
                    List.of(
                        new FixtureResult()
                            .setName("login " + SECRET)
                            .setStatusDetails(new StatusDetails().setMessage(SECRET)))));

    writer.write(container);

    assertThat(Files.readString(dir.resolve(uuid + "-container.json")))
        .doesNotContain(SECRET)
        .contains("[REDACTED:");
  }

  @Test
  void textAttachmentsAreRedactedAndBinaryOnesWithASecretAreRefused() throws IOException {
    writer.write(
        "x-attachment.txt",
        new ByteArrayInputStream(
            ("Authorization: Bearer " + SECRET).getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(dir.resolve("x-attachment.txt")))
        .isEqualTo("Authorization: Bearer [REDACTED:env:OIDC_CLIENT_SECRET]");

    byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    byte[] withSecret =
        (new String(png, StandardCharsets.ISO_8859_1) + SECRET)
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> writer.write("y-attachment.png", new ByteArrayInputStream(withSecret)))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining(
            "attachment 'y-attachment.png' (image/png) contains the secret env:OIDC_CLIENT_SECRET");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("x-attachment.txt");
    }
  }
}
