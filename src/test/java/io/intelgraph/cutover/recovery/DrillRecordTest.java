package io.intelgraph.cutover.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.LedgerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillRecordTest {

  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aRestoreDrillSurvivesTheLedgerEventWithItsFiguresAndAttempt() {
    DrillRecord drill =
        DrillRecord.postgresRestore(
            AT, true, "restore of a.dump", Duration.ofMillis(41_250), Duration.ofSeconds(12));

    LedgerEvent event = drill.toEvent();
    Ledger ledger = Ledger.start("v1", AT, 2).withEvent(event);
    List<DrillRecord> read = DrillRecord.in(ledger);

    assertThat(event.kind()).isEqualTo("drill");
    assertThat(event.subject()).isEqualTo("postgres restore");
    assertThat(event.facts())
        .containsEntry("rto_seconds", "41.25")
        .containsEntry("rpo_seconds", "12");
    assertThat(read).hasSize(1);
    assertThat(read.get(0).rto()).contains(Duration.ofMillis(41_250));
    assertThat(read.get(0).rpo()).contains(Duration.ofSeconds(12));
    assertThat(read.get(0).describe())
        .isEqualTo(
            "postgres restore drill at 2026-12-01T10:00:00Z (attempt 2 (%s)): passed, RTO PT41.25S,"
                    .formatted(ledger.attemptId())
                + " RPO PT12S; restore of a.dump");
  }

  @Test
  void theReleasesDrillsAreOrderedByTimeAcrossAttemptsAndOtherKindsAreIgnored() {
    Ledger first =
        Ledger.start("v1", AT, 1)
            .withEvent(
                DrillRecord.unfinished(DrillRecord.Subject.POSTGRES_RESTORE, AT, "no backup")
                    .toEvent())
            .withEvent(new LedgerEvent("notification", "war room", AT, true, "", Map.of()));
    Ledger second =
        Ledger.start("v1", AT.plusSeconds(60), 2)
            .withEvent(
                DrillRecord.postgresRestore(
                        AT.plusSeconds(90), true, "", Duration.ofSeconds(1), Duration.ZERO)
                    .toEvent());

    List<DrillRecord> all = DrillRecord.inRelease(second, List.of(first));

    assertThat(all).extracting(DrillRecord::ok).containsExactly(false, true);
    assertThat(DrillRecord.newestPassed(all, DrillRecord.Subject.POSTGRES_RESTORE))
        .get()
        .extracting(DrillRecord::at)
        .isEqualTo(AT.plusSeconds(90));
    assertThat(DrillRecord.newestPassed(all, DrillRecord.Subject.NEO4J_BACKUP)).isEmpty();
  }
}
