package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.evidence.ManifestDigest;
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
  void aCloseoutBundleIsVerifiedWithTheT120BundleItIsChainedTo() throws IOException {
    EvidenceBundle.Sealed closeout = closeoutChainedTo(sealed);

    int code =
        run("--bundle", closeout.zip().toString(), "--public-key", closeout.publicJwk().toString());

    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString().lines())
        .hasSize(3)
        .satisfiesExactly(
            line -> assertThat(line).startsWith("VALID cutover-closeout-v1.0.0-GA.zip: release "),
            line -> assertThat(line).startsWith("VALID cutover-evidence-v1.0.0-GA.zip: release "),
            line ->
                assertThat(line)
                    .isEqualTo(
                        "CHAIN cutover-closeout-v1.0.0-GA.zip -> cutover-evidence-v1.0.0-GA.zip: manifest %s, as sealed"
                            .formatted(ManifestDigest.of(sealed.zip()))));
  }

  @Test
  void aCloseoutBundleGivenAnotherT120BundleExitsOneWithTheBrokenChain() throws IOException {
    EvidenceBundle.Sealed closeout = closeoutChainedTo(sealed);
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("cutover_summary.json"), "{\"rollbacks\":3}");
    EvidenceBundle.Sealed another =
        new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), Clock.systemUTC())
            .seal(other, List.of(new EvidenceBundle.Source("evidence", other)));

    int code =
        run(
            "--bundle",
            closeout.zip().toString(),
            "--public-key",
            closeout.publicJwk().toString(),
            "--previous-bundle",
            another.zip().toString(),
            "--previous-public-key",
            another.publicJwk().toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "CHAIN BROKEN cutover-closeout-v1.0.0-GA.zip -> cutover-evidence-v1.0.0-GA.zip: 1 problem(s)")
        .contains("holds manifest " + ManifestDigest.of(another.zip()))
        .contains("another T+120 bundle");
  }

  @Test
  void aCloseoutBundleWhoseT120BundleIsGoneExitsOneNamingWhereItLooked() throws IOException {
    EvidenceBundle.Sealed closeout = closeoutChainedTo(sealed);
    Files.delete(sealed.zip());

    int code =
        run("--bundle", closeout.zip().toString(), "--public-key", closeout.publicJwk().toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("CHAIN BROKEN")
        .contains("is not at " + sealed.zip().toAbsolutePath());
  }

  private EvidenceBundle.Sealed closeoutChainedTo(EvidenceBundle.Sealed t120) throws IOException {
    Path closeout = Files.createDirectories(dir.resolve("closeout"));
    Files.writeString(closeout.resolve("dashboard-export-index.json"), "{}");
    return EvidenceBundle.closeout(
            "v1.0.0-GA",
            SigningKey.generate(),
            Clock.systemUTC(),
            new Manifest.Chain(
                t120.zip().getFileName().toString(), "v1.0.0-GA", ManifestDigest.of(t120.zip())))
        .seal(dir, List.of(new EvidenceBundle.Source("closeout", closeout)));
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
