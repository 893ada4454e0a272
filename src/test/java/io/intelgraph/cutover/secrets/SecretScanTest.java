package io.intelgraph.cutover.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {

  @TempDir Path root;

  private final SecretScan scan =
      SecretScan.of(Map.of("client secret", "cl13nt-s3cret", "access token", "tok-987654"));

  @Test
  void everyFileHoldingASecretIsNamedWithTheSecretsLabel() throws IOException {
    Files.createDirectories(root.resolve("allure-results"));
    Files.writeString(root.resolve("allure-results/abc-attachment.txt"), "header: cl13nt-s3cret");
    Files.writeString(root.resolve("clean.json"), "{\"ok\":true}");
    Files.writeString(root.resolve("log.txt"), "tok-987654 and cl13nt-s3cret");

    assertThat(scan.scan(root))
        .extracting(SecretScan.Finding::toString)
        .containsExactlyInAnyOrder(
            "allure-results/abc-attachment.txt contains client secret",
            "log.txt contains client secret",
            "log.txt contains access token");
  }

  @Test
  void aSecretInsideACompressedZipEntryIsFound() throws IOException {
    try (OutputStream out = Files.newOutputStream(root.resolve("bundle.zip"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("evidence/gate/answer.json"));
      zip.write(
          ("{\"token\":\"tok-987654\"}" + " padding".repeat(200)).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    assertThat(Files.readString(root.resolve("bundle.zip"), StandardCharsets.ISO_8859_1))
        .doesNotContain("tok-987654");
    assertThat(scan.scan(root))
        .containsExactly(
            new SecretScan.Finding("bundle.zip!/evidence/gate/answer.json", "access token"));
  }

  @Test
  void aCleanTreeHasNoFindings() throws IOException {
    Files.writeString(root.resolve("a.txt"), "[REDACTED:env:OIDC_CLIENT_SECRET]");

    assertThat(scan.scan(root)).isEmpty();
  }

  @Test
  void aMissingDirectoryIsAnErrorNotACleanResult() {
    assertThatThrownBy(() -> scan.scan(root.resolve("nope")))
        .hasMessage(
            "secret scan: %s does not exist; give the directory the run wrote into",
            root.resolve("nope"));
  }

  @Test
  void findingsNeverPrintTheSecret() throws IOException {
    Files.writeString(root.resolve("x.txt"), "cl13nt-s3cret");

    assertThat(scan.scan(root).toString()).doesNotContain("cl13nt-s3cret");
  }
}
