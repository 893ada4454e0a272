package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.recovery.DrillRecord;
import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * T-15 "Backup verification: Restore procedures tested": the suite restores a database itself (the
 * closeout's PostgreSQL restore drill, {@code restore_drill.*}), and that drill records itself in
 * the ledger. The line passes on the newest passed restore drill recorded in this attempt or an
 * archived earlier attempt of the release (typically the previous attempt's closeout), if it is no
 * older than {@code preflight.restore_drill_max_age}; an older one fails naming its date and the
 * limit, and so does a newer drill that failed. Only when no restore drill is recorded at all is a
 * person's word ({@code attestations.restore_tested}) accepted, as the declared fallback it says it
 * is; it never outweighs a drill the ledger holds.
 *
 * <pre>{@code
 * assertThat(RestoreDrill.recorded().run(context)).passed();
 * }</pre>
 */
public final class RestoreDrill implements RunbookLine {

  static final String LINE = "Backup verification: Restore procedures tested";

  private RestoreDrill() {}

  /** The line: a recorded restore drill, else the attestation as the declared fallback. */
  public static RestoreDrill recorded() {
    return new RestoreDrill();
  }

  @Override
  public LineReport run(LineContext context) {
    LineReport.Builder report = context.report();
    LedgerStore store = context.ledger();
    Ledger current = store.read();
    List<Ledger> archived = store.archivedAttempts();
    List<DrillRecord> restores =
        DrillRecord.inRelease(current, archived).stream()
            .filter(d -> d.subject() == DrillRecord.Subject.POSTGRES_RESTORE)
            .toList();
    String searched =
        "ledger %s (this attempt and %d archived earlier attempt(s) of release %s)"
            .formatted(store.location(), archived.size(), current.releaseTag());
    Optional<DrillRecord> passed =
        DrillRecord.newestPassed(restores, DrillRecord.Subject.POSTGRES_RESTORE);
    if (restores.isEmpty()) {
      return fallback(context, report, searched);
    }
    Instant now = context.now();
    Duration limit = context.environment().preflight().restoreDrillMaxAge();
    DrillRecord newest = restores.get(restores.size() - 1);
    report.evidence(
        "Recorded restore drills",
        "searched %s at %s:%n%s"
            .formatted(
                searched,
                now,
                String.join("\n", restores.stream().map(DrillRecord::describe).toList())));
    report.problemIf(
        !newest.ok(),
        "the newest restore drill recorded in %s FAILED: %s; fix the restore and rerun the"
            + " closeout's PostgreSQL restore drill",
        searched,
        newest.describe());
    if (passed.isEmpty()) return report.judged();
    DrillRecord drill = passed.get();
    Duration age = drill.age(now);
    report.problemIf(
        age.compareTo(limit) > 0,
        "the newest passed restore drill was on %s (%s ago at %s), older than"
            + " preflight.restore_drill_max_age %s: %s; run the closeout's PostgreSQL restore drill"
            + " (restore_drill.*) again before the cutover",
        drill.at(),
        age,
        now,
        limit,
        drill.describe());
    return context.recordIfPassed(
        report.judged(),
        "restore drill recorded by the suite",
        () -> "%s: %s".formatted(LINE, drill.describe()));
  }

  /** No drill recorded anywhere: a person's word, said to be one. */
  private static LineReport fallback(
      LineContext context, LineReport.Builder report, String searched) {
    Optional<String> who =
        context.environment().attestations().restoreTested().filter(s -> !s.isBlank());
    if (who.isEmpty()) {
      return report
          .problem(
              "%s: no restore drill is recorded in %s, and nobody attested one; run the closeout's"
                  + " PostgreSQL restore drill (restore_drill.*), or, as the fallback, say who"
                  + " restored which backup where, e.g."
                  + " -Dcutover.attestations.restore_tested=\"carol restored"
                  + " neo4j-full-20250921T0100Z to staging at 13:40Z\" or"
                  + " CUTOVER_ATTESTATIONS_RESTORE_TESTED",
              LINE, searched)
          .judged();
    }
    report.evidence(
        "Fallback",
        ("FALLBACK: no restore drill is recorded in %s, so this line rests on a person's word"
                + " (attestations.restore_tested), not on a drill the suite ran; the closeout's"
                + " PostgreSQL restore drill records one for the next attempt")
            .formatted(searched));
    return AttestedJudgement.record(
            context,
            report,
            new Attestation(who.get(), LINE + " (attested fallback)", context.now()))
        .judged();
  }
}
