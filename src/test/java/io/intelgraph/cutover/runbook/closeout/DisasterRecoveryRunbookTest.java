package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.recovery.DrillRecord;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisasterRecoveryRunbookTest {

  @TempDir Path dir;

  @Test
  void aFreshRunbookARecentDrillAndAReviewPassAndTheReviewIsRecorded() throws IOException {
    LineContext context = context(runbook(Duration.ofDays(10)), "erin (platform lead)");
    drill(context, Duration.ofDays(3));

    assertThat(new DisasterRecoveryRunbook().run(context)).passed();
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations())
        .extracting(Attestation::what)
        .contains("Disaster recovery runbook reviewed");
  }

  @Test
  void everyMissingPieceIsNamedAtOnce() {
    LineContext context = LineContexts.at(dir.resolve("ledger"), null, Map.of());

    assertThat(new DisasterRecoveryRunbook().run(context))
        .failedWith(
            "no DR runbook configured; set closeout.dr_runbook.file",
            "no passed restore drill is recorded in the ledger",
            "Disaster recovery runbook reviewed: nobody attested it for this run");
  }

  @Test
  void aStaleRunbookAndAnOldDrillFailWithTheirLimits() throws IOException {
    LineContext context = context(runbook(Duration.ofDays(200)), "erin");
    drill(context, Duration.ofDays(100));

    assertThat(new DisasterRecoveryRunbook().run(context))
        .failedWith(
            "ago; closeout.dr_runbook.max_age is PT4320H: review and update the runbook",
            "longer ago than closeout.dr_runbook.max_drill_age PT2160H; run one");
  }

  @Test
  void aPersonsWordAloneIsNoDrillButThePreviousAttemptsDrillIs() throws IOException {
    LineContext context = context(runbook(Duration.ofDays(10)), "erin");
    context
        .ledger()
        .update(
            l ->
                l.withAttestation(
                    new Attestation(
                        "carol", "Backup verification: Restore procedures tested", NOW)));

    assertThat(new DisasterRecoveryRunbook().run(context))
        .failedWith(
            "no passed restore drill is recorded in the ledger",
            "run the closeout's PostgreSQL restore drill (restore_drill.*)");

    drill(context, Duration.ofDays(2));
    context.ledger().startNewAttempt();

    assertThat(new DisasterRecoveryRunbook().run(context)).passed();
  }

  @Test
  void aRunbookFileThatDoesNotExistIsNamed() {
    LineContext context = context(dir.resolve("no-such.md"), "erin");
    drill(context, Duration.ofDays(1));

    assertThat(new DisasterRecoveryRunbook().run(context))
        .failedWith("no-such.md does not exist or is not a file");
  }

  private Path runbook(Duration age) throws IOException {
    Path file = Files.writeString(dir.resolve("disaster-recovery.md"), "# DR\n");
    Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
    return file;
  }

  private LineContext context(Path runbook, String reviewer) {
    Map<String, String> properties = new HashMap<>();
    properties.put("cutover.closeout.dr_runbook.file", runbook.toString());
    properties.put("cutover.attestations.dr_runbook_reviewed", reviewer);
    return LineContexts.at(dir.resolve("ledger"), null, properties);
  }

  private static void drill(LineContext context, Duration ago) {
    DrillRecord drill =
        DrillRecord.postgresRestore(
            NOW.minus(ago), true, "restore of a.dump", Duration.ofMinutes(4), Duration.ZERO);
    context.ledger().update(l -> l.withEvent(drill.toEvent()));
  }
}
