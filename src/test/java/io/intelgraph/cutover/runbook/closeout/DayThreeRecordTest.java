package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.evidence.BundleChain;
import io.intelgraph.cutover.evidence.EvidenceBundle;
import io.intelgraph.cutover.evidence.EvidenceVerifier;
import io.intelgraph.cutover.evidence.EvidenceWriter;
import io.intelgraph.cutover.evidence.Manifest;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.evidence.SigningKey;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day-3 record: sealed only chained to the T+120 bundle the ledger records. */
class DayThreeRecordTest {

  static final String RELEASE = "v1.0.0-GA";

  @TempDir Path dir;
  Path target;
  Path closeoutEvidence;
  Path allureResults;
  LineContext context;
  EvidenceBundle.Sealed t120;
  final List<String> console = new ArrayList<>();

  @BeforeEach
  void afterTheT120PhaseAndTheCloseoutLines() throws IOException {
    target = Files.createDirectories(dir.resolve("target"));
    Path evidenceRoot = target.resolve("cutover-evidence");
    context =
        LineContexts.at(dir, null, Map.of("cutover.evidence.directory", evidenceRoot.toString()));
    Path t120Evidence = Files.createDirectories(evidenceRoot.resolve(RELEASE).resolve("evidence"));
    Files.writeString(t120Evidence.resolve("cutover_summary.json"), "{\"rollbacks\":0}");
    t120 = sealT120(t120Evidence, target);
    recordSealed(t120, NOW);
    closeoutEvidence = Files.createDirectories(evidenceRoot.resolve(RELEASE).resolve("closeout"));
    Files.writeString(closeoutEvidence.resolve("Pod-deletion-test.txt"), "recovered in 1.6 s");
    Files.writeString(closeoutEvidence.resolve("dashboard-export-index.json"), "{\"exports\":[]}");
    allureResults = Files.createDirectories(dir.resolve("allure-results"));
    Files.writeString(allureResults.resolve("0a1b-result.json"), "{\"status\":\"passed\"}");
  }

  @Test
  void theRecordIsSealedWithEveryCloseoutFileAndChainedToTheT120Bundle() {
    assertThat(record().run(context)).passed();

    Path zip = target.resolve("cutover-closeout-v1.0.0-GA.zip");
    Path key = target.resolve("cutover-closeout-v1.0.0-GA.public.jwk.json");
    BundleChain.Result verified =
        BundleChain.verify(
            zip, EvidenceVerifier.readPublicKey(key), Optional.empty(), Optional.empty());
    Assertions.assertThat(verified.problems()).isEmpty();
    Manifest manifest = verified.verified().manifest().orElseThrow();
    Assertions.assertThat(manifest.chainedTo())
        .isEqualTo(
            new Manifest.Chain(
                "cutover-evidence-v1.0.0-GA.zip", RELEASE, ManifestDigest.of(t120.zip())));
    Assertions.assertThat(manifest.entries())
        .extracting(Manifest.Entry::path)
        .contains(
            "closeout/Pod-deletion-test.txt",
            "closeout/dashboard-export-index.json",
            "allure-results/0a1b-result.json");
    Assertions.assertThat(String.join("\n", console))
        .contains(
            "verify with:  java -jar target/maestro-cutover.jar verify-evidence --bundle "
                + zip.toAbsolutePath())
        .contains("verified:     signatures, every digest and the chain hold");
  }

  @Test
  void withoutASealedT120BundleInTheLedgerNothingIsSealed() {
    LineContext fresh =
        LineContexts.at(
            dir.resolve("other"),
            null,
            Map.of("cutover.evidence.directory", target.resolve("cutover-evidence").toString()));

    assertThat(record().run(fresh))
        .failedWith(
            "the day-3 record is chained to the T+120 evidence bundle, but attempt ",
            "has no sealed bundle in the ledger",
            "run -Dgroups=evidence first (nothing sealed)");
    Assertions.assertThat(target.resolve("cutover-closeout-v1.0.0-GA.zip")).doesNotExist();
  }

  @Test
  void aMissingT120BundleFailsNamingWhereItLookedAndSealsNothing() throws IOException {
    Files.delete(t120.zip());

    assertThat(record().run(context))
        .failedWith(
            "the day-3 record was not sealed: the T+120 bundle the ledger records as sealed"
                + " (cutover-evidence-v1.0.0-GA.zip, at "
                + NOW
                + ")",
            "is not at " + t120.zip().toAbsolutePath());
    Assertions.assertThat(target.resolve("cutover-closeout-v1.0.0-GA.zip")).doesNotExist();
  }

  @Test
  void aRecordThatCannotBeSealedLeavesNoEarlierRecordBehind() throws IOException {
    Files.writeString(target.resolve("cutover-closeout-v1.0.0-GA.zip"), "an earlier run's record");
    Files.delete(t120.zip());

    assertThat(record().run(context)).failedWith("the day-3 record was not sealed");
    Assertions.assertThat(target.resolve("cutover-closeout-v1.0.0-GA.zip")).doesNotExist();
    Assertions.assertThat(console)
        .first()
        .asString()
        .startsWith(
            "removed earlier day-3 records: [" + target.resolve("cutover-closeout-v1.0.0-GA.zip"));
  }

  @Test
  void aT120BundleOtherThanTheOneTheLedgerRecordsIsRefused() throws IOException {
    Path other = Files.createDirectories(dir.resolve("another-attempt"));
    Files.writeString(other.resolve("cutover_summary.json"), "{\"rollbacks\":1}");
    // sealed later, elsewhere: the ledger's newest record names it, not the bundle in target/
    recordSealed(
        sealT120(other, Files.createDirectories(dir.resolve("another-target"))),
        NOW.plusSeconds(60));

    assertThat(record().run(context))
        .failedWith("the day-3 record was not sealed", "another T+120 bundle");
  }

  @Test
  void withoutTheDashboardExportTheRecordSaysItIsIncomplete() throws IOException {
    Files.delete(closeoutEvidence.resolve("dashboard-export-index.json"));

    assertThat(record().run(context))
        .failedWith(
            "the 72 h dashboard export (closeout/dashboard-export-index.json) is not in the"
                + " closeout evidence "
                + closeoutEvidence,
            "\"Dashboard exports\" must pass before the record is sealed");
  }

  private DayThreeRecord record() {
    EvidenceWriter writer =
        new EvidenceWriter(
            closeoutEvidence, new Redactor(SecretRegistry.run()), (name, type, content, ext) -> {});
    return new DayThreeRecord(
        env -> writer, spec -> SigningKey.generate(), allureResults, console::add);
  }

  private static EvidenceBundle.Sealed sealT120(Path evidence, Path into) {
    return new EvidenceBundle(
            RELEASE,
            SigningKey.generate(),
            Clock.fixed(NOW.minus(Duration.ofDays(3)), ZoneOffset.UTC))
        .seal(into, List.of(new EvidenceBundle.Source("evidence", evidence)));
  }

  /** As the T+120 phase records its bundle (SealedBundle). */
  private void recordSealed(EvidenceBundle.Sealed sealed, java.time.Instant at) {
    context
        .ledger()
        .update(
            l ->
                l.withAttestation(
                    new Attestation(
                        sealed.zip().getFileName().toString(),
                        ManifestDigest.SEALED + ManifestDigest.of(sealed.zip()) + " (test key)",
                        at)));
  }
}
