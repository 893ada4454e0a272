package io.intelgraph.cutover.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.ledger.Attestation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewTest {

  private static final Judgement ALERT_FATIGUE =
      new Judgement("alert_fatigue", "Alert fatigue indicators: none observed", "\"dana: none\"");

  @TempDir Path dir;

  @Test
  void aMissingJudgementFailsSayingHowToGiveIt() {
    assertThatThrownBy(() -> ALERT_FATIGUE.attest(Optional.of("  "), Instant.now()))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Alert fatigue indicators: none observed: nobody attested it for this run; a person judges this line: give who judged it"
                + " and what they saw, e.g. -Dcutover.attestations.alert_fatigue=\"dana: none\" or CUTOVER_ATTESTATIONS_ALERT_FATIGUE");
  }

  @Test
  void aGivenJudgementIsRecordedWithWhoAndWhen() {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");

    Attestation said = ALERT_FATIGUE.attest(Optional.of("dana (on-call): none"), now);

    assertThat(said)
        .isEqualTo(
            new Attestation(
                "dana (on-call): none", "Alert fatigue indicators: none observed", now));
  }

  @Test
  void aStaleRunbookOutsideGitIsDatedByItsModificationTime() throws Exception {
    Path runbook = Files.writeString(dir.resolve("disaster-recovery.md"), "# DR\n");
    Instant longAgo = Instant.parse("2025-01-01T00:00:00Z");
    Files.setLastModifiedTime(runbook, FileTime.from(longAgo));

    LastChange changed = LastChange.of(runbook);

    assertThat(changed.at()).isEqualTo(longAgo);
    assertThat(changed.source()).startsWith("mtime");
    assertThat(changed.age(Instant.parse("2026-11-28T00:00:00Z")))
        .isGreaterThan(Duration.ofDays(180));
  }

  @Test
  void aRunbookTrackedInGitIsDatedByItsLastCommit() {
    LastChange changed = LastChange.of(Path.of("docs/operations.md"));

    assertThat(changed.source()).isEqualTo("git log");
    assertThat(changed.at()).isBefore(Instant.now());
  }

  @Test
  void aMissingRunbookIsNamed() {
    assertThatThrownBy(() -> LastChange.of(dir.resolve("nope.md")))
        .hasMessage(
            dir.resolve("nope.md")
                + " does not exist or is not a file; point closeout.dr_runbook.file at the DR runbook");
  }
}
