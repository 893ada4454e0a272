package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.cluster.LatestBackup;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "Neo4j backup ID: recorded (Backup Path)": the newest successful backup Job (or Velero
 * Backup, {@code backups.source}) completed within {@code preflight.max_backup_age}; its name, the
 * backup id, is recorded in the ledger.
 *
 * <pre>{@code
 * assertThat(BackupRecorded.fromCluster().run(context)).passed();
 * }</pre>
 */
public final class BackupRecorded implements RunbookLine {

  private final Function<LineContext, LatestBackup.Backup> newest;

  BackupRecorded(Function<LineContext, LatestBackup.Backup> newest) {
    this.newest = newest;
  }

  /** The line as a run reads it: the backup Jobs (or Velero Backups) in the cluster. */
  public static BackupRecorded fromCluster() {
    return new BackupRecorded(
        context ->
            new LatestBackup(
                    context.kubernetes(),
                    context.environment().cluster().namespace(),
                    context.environment().backups())
                .newestSuccessful());
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    Optional<LatestBackup.Backup> read =
        Reading.of(report, "the newest successful backup", () -> newest.apply(context));
    if (read.isEmpty()) return report.judged();
    LatestBackup.Backup backup = read.get();
    Instant now = context.now();
    Duration limit = context.environment().preflight().maxBackupAge();
    report.evidence(
        "Newest successful backup",
        "%s (%s) completed at %s, %s ago at %s"
            .formatted(backup.id(), backup.source(), backup.completedAt(), backup.age(now), now));
    report.problemIf(
        backup.age(now).compareTo(limit) > 0,
        "newest successful backup %s (%s) completed at %s, %s ago at %s; preflight.max_backup_age"
            + " is %s: take a fresh backup first",
        backup.id(),
        backup.source(),
        backup.completedAt(),
        backup.age(now),
        now,
        limit);
    LineReport judged = report.judged();
    if (judged.passed()) {
      context
          .ledger()
          .update(
              l ->
                  l.withAttestation(
                      new Attestation(
                          backup.source(),
                          "Neo4j backup ID: %s (completed %s)"
                              .formatted(backup.id(), backup.completedAt()),
                          now)));
    }
    return judged;
  }
}
