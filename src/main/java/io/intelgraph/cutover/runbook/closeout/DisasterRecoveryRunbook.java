package io.intelgraph.cutover.runbook.closeout;

import io.intelgraph.cutover.config.DrRunbook;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.recovery.DrillRecord;
import io.intelgraph.cutover.review.Judgement;
import io.intelgraph.cutover.review.LastChange;
import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Disaster recovery runbook: last updated, tested": the document's last change (git log, else
 * mtime) within {@code closeout.dr_runbook.max_age}, the newest passed PostgreSQL restore drill the
 * suite ran and recorded in the ledger (this attempt or an archived earlier one of the release;
 * never a person's word alone) within {@code .max_drill_age}, and a person's review ({@code
 * attestations.dr_runbook_reviewed}), recorded in the ledger. Each missing or stale one is a
 * problem of its own.
 *
 * <pre>{@code
 * assertThat(new DisasterRecoveryRunbook().run(context)).passed();
 * }</pre>
 */
public final class DisasterRecoveryRunbook implements RunbookLine {

  static final Judgement REVIEWED =
      new Judgement(
          "dr_runbook_reviewed",
          "Disaster recovery runbook reviewed",
          "\"erin (platform lead) reviewed disaster-recovery.md rev 4f2a1c on 2026-11-26\"");

  @Override
  public LineReport run(LineContext context) {
    DrRunbook dr = context.environment().closeout().drRunbook();
    Instant now = context.now();
    LineReport.Builder report = context.report();
    List<String> seen = new ArrayList<>();
    document(dr, now, report, seen);
    drill(context, dr, now, report, seen);
    try {
      Attestation said =
          REVIEWED.attest(context.environment().attestations().drRunbookReviewed(), now);
      AttestedJudgement.record(context, report, said);
    } catch (AssertionError missing) {
      report.problem("%s", missing.getMessage());
    }
    return report.evidence("DR runbook", String.join("\n", seen)).judged();
  }

  private static void document(
      DrRunbook dr, Instant now, LineReport.Builder report, List<String> seen) {
    if (dr.file().isEmpty()) {
      report.problem(
          "no DR runbook configured; set closeout.dr_runbook.file to the runbook's path (e.g."
              + " docs/runbooks/disaster-recovery.md)");
      return;
    }
    LastChange changed;
    try {
      changed = LastChange.of(dr.file().get());
    } catch (IllegalArgumentException unreadable) {
      report.problem("%s", unreadable.getMessage());
      return;
    }
    seen.add(changed.describe());
    report.problemIf(
        changed.age(now).compareTo(dr.maxAge()) > 0,
        "%s, %s ago; closeout.dr_runbook.max_age is %s: review and update the runbook",
        changed.describe(),
        changed.age(now).truncatedTo(ChronoUnit.HOURS),
        dr.maxAge());
  }

  private static void drill(
      LineContext context,
      DrRunbook dr,
      Instant now,
      LineReport.Builder report,
      List<String> seen) {
    Ledger current = context.ledger().read();
    List<Ledger> archived = context.ledger().archivedAttempts();
    Optional<DrillRecord> drill =
        DrillRecord.newestPassed(
            DrillRecord.inRelease(current, archived), DrillRecord.Subject.POSTGRES_RESTORE);
    if (drill.isEmpty()) {
      report.problem(
          "no passed restore drill is recorded in the ledger %s (this attempt and %d archived"
              + " earlier attempt(s)); run the closeout's PostgreSQL restore drill (restore_drill.*),"
              + " which records itself there",
          context.ledger().location(), archived.size());
      return;
    }
    DrillRecord last = drill.get();
    seen.add("last restore drill: " + last.describe());
    report.problemIf(
        last.age(now).compareTo(dr.maxDrillAge()) > 0,
        "the last restore drill was at %s, longer ago than closeout.dr_runbook.max_drill_age %s;"
            + " run one",
        last.at(),
        dr.maxDrillAge());
  }
}
