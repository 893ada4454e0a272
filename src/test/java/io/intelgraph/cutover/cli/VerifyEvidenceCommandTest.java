package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyEvidenceCommandTest {

  @TempDir Path dir;
  EvidenceBundle.Sealed sealed;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void seal() throws IOException {
    Path evidence = Files.createDirectories(dir.resolve("evidence"));
    Files.writeString(evidence.resolve("cutover_summary.json"), "{\"rollbacks\":0}");
    sealed =
        new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), Clock.systemUTC())
            .seal(dir, List.of(new EvidenceBundle.Source("evidence", evidence)));
  }

  int run(String... args) {
    return new CommandLine(new VerifyEvidenceCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void anIntactBundleExitsZero() {
    int code =
        run("--bundle", sealed.zip().toString(), "--public-key", sealed.publicJwk().toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("VALID cutover-evidence-v1.0.0-GA.zip: release v1.0.0-GA, sealed ")
        .contains("1 files, ES256 signature");
  }

  @Test
  void aTamperedBundleExitsOneAndNamesTheFile() throws IOException {
    try (var zip = java.nio.file.FileSystems.newFileSystem(sealed.zip())) {
      Files.writeString(zip.getPath("evidence/cutover_summary.json"), "{\"rollbacks\":1}");
    }

    int code =
        run("--bundle", sealed.zip().toString(), "--public-key", sealed.publicJwk().toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("INVALID cutover-evidence-v1.0.0-GA.zip: 1 problem(s)")
        .contains("  CHANGED evidence/cutover_summary.json: sha256 ");
  }

  @Test
  void usageErrorsExitThree() {
    assertThat(run("--bundle", sealed.zip().toString())).isEqualTo(3);
    assertThat(err.toString()).contains("Missing required option: '--public-key=JWK'");

    assertThat(
            run(
                "--bundle",
                dir.resolve("nope.zip").toString(),
                "--public-key",
                sealed.publicJwk().toString()))
        .isEqualTo(3);
    assertThat(err.toString())
        .contains("--bundle %s: no such file".formatted(dir.resolve("nope.zip")));

    assertThat(run("--bundle", sealed.zip().toString(), "--public-key", sealed.zip().toString()))
        .isEqualTo(3);
    assertThat(err.toString()).contains("is not a JWK");
  }
}
