package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line ({@code java -jar target/maestro-cutover.jar verify-evidence}) on a
 * day-3 closeout bundle and the T+120 bundle it is chained to, as an auditor runs it on the
 * release's artifacts: intact, then with a byte changed in either bundle.
 */
class VerifyEvidenceIT {

  private static final Path JAR = Path.of("target/maestro-cutover.jar");

  @TempDir Path dir;
  EvidenceBundle.Sealed t120;
  EvidenceBundle.Sealed closeout;

  private record Run(int exit, String stdout, String stderr) {}

  @BeforeEach
  void sealBoth() throws Exception {
    assertThat(JAR).as("the packaged command line (mvn package)").isRegularFile();
    Path evidence = Files.createDirectories(dir.resolve("evidence"));
    Files.writeString(evidence.resolve("cutover_summary.json"), "{\"rollbacks\":0}");
    t120 =
        new EvidenceBundle("v1.0.0-GA", SigningKey.generate(), Clock.systemUTC())
            .seal(dir, List.of(new EvidenceBundle.Source("evidence", evidence)));
    Path day3 = Files.createDirectories(dir.resolve("closeout"));
    Files.writeString(
        day3.resolve("dashboard-export-api_p95.csv"), "time,unix_seconds,series,value\n");
    closeout =
        EvidenceBundle.closeout(
                "v1.0.0-GA",
                SigningKey.generate(),
                Clock.systemUTC(),
                new Manifest.Chain(
                    t120.zip().getFileName().toString(),
                    "v1.0.0-GA",
                    ManifestDigest.of(t120.zip())))
            .seal(dir, List.of(new EvidenceBundle.Source("closeout", day3)));
  }

  @Test
  void bothBundlesAndTheirChainVerify() throws Exception {
    Run run = verifyCloseout();

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("VALID cutover-closeout-v1.0.0-GA.zip")
        .contains("VALID cutover-evidence-v1.0.0-GA.zip")
        .contains("CHAIN cutover-closeout-v1.0.0-GA.zip -> cutover-evidence-v1.0.0-GA.zip");
  }

  @Test
  void aByteChangedInTheT120BundleIsCaughtThroughTheCloseoutBundle() throws Exception {
    changeAByte(t120.zip(), "evidence/cutover_summary.json");

    Run run = verifyCloseout();

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout())
        .contains("VALID cutover-closeout-v1.0.0-GA.zip")
        .contains("INVALID cutover-evidence-v1.0.0-GA.zip: 1 problem(s)")
        .contains("CHANGED evidence/cutover_summary.json: sha256 ");
  }

  @Test
  void aByteChangedInTheCloseoutBundleIsCaught() throws Exception {
    changeAByte(closeout.zip(), "closeout/dashboard-export-api_p95.csv");

    Run run = verifyCloseout();

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout())
        .contains("INVALID cutover-closeout-v1.0.0-GA.zip: 1 problem(s)")
        .contains("CHANGED closeout/dashboard-export-api_p95.csv: sha256 ");
  }

  private Run verifyCloseout() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "verify-evidence",
                "--bundle",
                closeout.zip().toString(),
                "--public-key",
                closeout.publicJwk().toString())
            .start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("verify-evidence finished").isTrue();
    return new Run(process.exitValue(), stdout, stderr);
  }

  /** Flips the first byte of one file inside a bundle; its manifest stays as sealed. */
  private static void changeAByte(Path zip, String path) throws Exception {
    try (var bundle = FileSystems.newFileSystem(zip)) {
      byte[] content = Files.readAllBytes(bundle.getPath(path));
      content[0] ^= 0x01;
      Files.write(bundle.getPath(path), content);
    }
  }
}
