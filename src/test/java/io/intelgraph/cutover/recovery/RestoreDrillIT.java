package io.intelgraph.cutover.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.RestoreDrill;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.sandbox.postgres.SourcePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore drill against a real PostgreSQL source and a real pg_dump backup of it. */
class RestoreDrillIT {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static SourcePostgres source;
  private static Path backups;

  @BeforeAll
  static void source() throws Exception {
    backups = Files.createTempDirectory("restore-drill-it-");
    source = SourcePostgres.start(BIN, "postgres", backups, Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() {
    if (source != null) source.close();
  }

  private static RestoreDrill drill(Path dir) {
    return new RestoreDrill(
        "pg_dump",
        Optional.of(dir),
        Optional.empty(),
        "intelgraph",
        BIN,
        "postgres",
        Optional.of(new Secret("file:postgres-source-uri", source.uri())),
        "SELECT extract(epoch FROM max(at)) FROM cutover_heartbeat",
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1));
  }

  @Test
  void restoresTheNewestDumpAndMeasuresRtoAndRpo() {
    RestoreDrillRunner.Drill drill =
        new RestoreDrillRunner(drill(backups), Clock.systemUTC()).run();
    assertThat(drill.backup().getFileName()).hasToString("intelgraph-nightly.dump");
    assertThat(drill.rto()).isPositive().isLessThan(Duration.ofMinutes(1));
    // the source committed one more heartbeat ~2 s after the backup's newest
    assertThat(drill.rpo()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(30));
    assertThat(drill.log().describe())
        .contains(
            "pg_restore done", "restored database answers rpo_query", "drop the scratch server");
  }

  @Test
  void recoversABaseBackupFromTheWalArchiveUpToTheLastArchivedTransaction(@TempDir Path dir) {
    try (SourcePostgres archiving =
        SourcePostgres.start(
            BIN, "postgres", dir.resolve("backups"), Duration.ofMinutes(1), true)) {
      RestoreDrill spec =
          new RestoreDrill(
              "basebackup",
              Optional.of(dir.resolve("backups")),
              Optional.of(archiving.walArchive()),
              "intelgraph",
              BIN,
              "postgres",
              Optional.of(new Secret("file:postgres-source-uri", archiving.uri())),
              "SELECT extract(epoch FROM max(at)) FROM cutover_heartbeat",
              Duration.ofMinutes(5),
              Duration.ofMinutes(1),
              Duration.ofMinutes(1));
      RestoreDrillRunner.Drill drill = new RestoreDrillRunner(spec, Clock.systemUTC()).run();
      assertThat(drill.backup().getFileName()).hasToString("base-1");
      // the heartbeat committed after the base backup is in the archive, so the recovery reaches it
      assertThat(drill.rpo()).isEqualTo(Duration.ZERO);
      assertThat(drill.log().describe()).contains("recovery from the WAL archive done");
    }
  }

  @Test
  void aDrillWithoutABackupFails(@TempDir Path empty) {
    assertThatThrownBy(() -> new RestoreDrillRunner(drill(empty), Clock.systemUTC()).run())
        .isInstanceOf(RecoveryException.class)
        .hasMessage(
            "restore drill: no pg_dump (*.dump) backup in %s (restore_drill.backups); a restore drill of a backup that does not exist fails: run the backup first"
                .formatted(empty));
  }

  @Test
  void aBackupThatDoesNotRestoreFails(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("broken.dump"), "PGDMP but not really a dump");
    assertThatThrownBy(() -> new RestoreDrillRunner(drill(dir), Clock.systemUTC()).run())
        .isInstanceOf(RecoveryException.class)
        .hasMessageContaining(
            "restore drill: pg_restore of %s FAILED".formatted(dir.resolve("broken.dump")));
  }

  @Test
  void aSourceThatDoesNotAnswerNamesItsReferenceNotItsValue(@TempDir Path dir) throws Exception {
    RestoreDrill spec = drill(backups);
    RestoreDrill unreachable =
        new RestoreDrill(
            spec.format(),
            spec.backups(),
            spec.walArchive(),
            spec.database(),
            spec.postgresBin(),
            spec.runAs(),
            Optional.of(
                new Secret(
                    "env:PG_SOURCE_URI", "postgresql://drill:s3cr3t@127.0.0.1:1/intelgraph")),
            spec.rpoQuery(),
            spec.rtoTarget(),
            spec.rpoTarget(),
            Duration.ofSeconds(10));
    assertThatThrownBy(() -> new RestoreDrillRunner(unreachable, Clock.systemUTC()).run())
        .isInstanceOf(RecoveryException.class)
        .hasMessageContaining(
            "the source database (secret(env:PG_SOURCE_URI)) did not answer rpo_query")
        .hasMessageNotContaining("s3cr3t");
  }
}
