package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.closeout.DrillLineFixtures.drillsWritingUnder;
import static io.intelgraph.cutover.runbook.closeout.DrillLineFixtures.evidence;

import io.intelgraph.cutover.recovery.DrillRecord;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closeout's backup lines record themselves in the ledger as drills, whatever they found. */
class BackupDrillLinesTest {

  @TempDir Path dir;

  @Test
  void aRestoreDrillThatCannotRunFailsAndIsRecordedAsUnfinishedWithTheReason() {
    LineContext context = LineContexts.at(dir.resolve("ledger"), null, Map.of());

    LineReport report = drillsWritingUnder(dir).restoreDrill().run(context);

    assertThat(report)
        .failedWith(
            "restore drill: restore_drill.backups is not configured; set it to the directory that"
                + " holds the pg_dump backups");
    List<DrillRecord> recorded = DrillRecord.in(context.ledger().read());
    Assertions.assertThat(recorded).hasSize(1);
    Assertions.assertThat(recorded.get(0).subject())
        .isEqualTo(DrillRecord.Subject.POSTGRES_RESTORE);
    Assertions.assertThat(recorded.get(0).ok()).isFalse();
    Assertions.assertThat(recorded.get(0).at()).isEqualTo(LineContexts.NOW);
    Assertions.assertThat(recorded.get(0).detail())
        .contains("restore_drill.backups is not configured");
    Assertions.assertThat(evidence(report, "Recorded in the ledger"))
        .contains("as a drill event: postgres restore drill at 2026-12-07T09:30:00Z")
        .contains("FAILED");
  }

  @Test
  void theNeo4jCheckIsRecordedAndSaysItRestsOnWhatTheBackupDeclared() {
    try (KubernetesSandbox cluster = KubernetesSandbox.withoutOidc()) {
      LineContext context =
          LineContexts.at(dir.resolve("ledger"), cluster.client(), Map.of(), Instant.now());

      LineReport report = drillsWritingUnder(dir).neo4jBackup().run(context);

      assertThat(report).passed();
      Assertions.assertThat(evidence(report, "DECLARED FALLBACK"))
          .startsWith(
              "size and integrity are what the backup Job declared in its annotations"
                  + " (neo4j_backup.size_annotation, .integrity_annotation); the suite did not load"
                  + " the dump into a scratch Neo4j");
      List<DrillRecord> recorded = DrillRecord.in(context.ledger().read());
      Assertions.assertThat(recorded)
          .singleElement()
          .satisfies(
              d -> {
                Assertions.assertThat(d.subject()).isEqualTo(DrillRecord.Subject.NEO4J_BACKUP);
                Assertions.assertThat(d.ok()).isTrue();
                Assertions.assertThat(d.facts()).containsKeys("size_bytes", "integrity");
                Assertions.assertThat(d.detail())
                    .endsWith("(as the backup declared them, not read from the dump)");
              });
    }
  }
}
