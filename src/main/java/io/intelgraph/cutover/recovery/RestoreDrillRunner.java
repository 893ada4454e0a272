package io.intelgraph.cutover.recovery;

import io.intelgraph.cutover.config.RestoreDrill;
import io.intelgraph.cutover.config.Secret;
import io.intelgraph.cutover.support.StepLog;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The PostgreSQL restore drill: the newest backup in {@code restore_drill.backups} restored into a
 * scratch server, timed from the drill's start until the restored database answers {@code
 * rpo_query} (RTO), and its newest committed transaction compared with the source's (RPO). A {@code
 * pg_dump} custom-format file is restored with {@code pg_restore}
 * (https://www.postgresql.org/docs/15/app-pgrestore.html); a {@code pg_basebackup -Ft} backup is
 * unpacked and recovered from the WAL archive until it leaves recovery
 * (https://www.postgresql.org/docs/15/continuous-archiving.html#BACKUP-PITR-RECOVERY). The scratch
 * server is dropped whatever happened. No backup, an unreadable one, a failed restore or an empty
 * answer fails.
 */
public final class RestoreDrillRunner {

  /** What the drill did and measured. */
  public record Drill(
      Path backup,
      Instant startedAt,
      Instant answeredAt,
      Instant sourceNewest,
      Instant restoredNewest,
      StepLog log) {
    public Duration rto() {
      return Duration.between(startedAt, answeredAt);
    }

    public Duration rpo() {
      return Duration.between(restoredNewest, sourceNewest);
    }
  }

  private final RestoreDrill spec;
  private final Clock clock;

  public RestoreDrillRunner(RestoreDrill spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
  }

  public Drill run() {
    Path directory =
        spec.backups()
            .orElseThrow(
                () ->
                    new RecoveryException(
                        "restore drill: restore_drill.backups is not configured; set it to the directory that holds the %s backups"
                            .formatted(spec.format())));
    Path backup = newest(directory);
    Secret source =
        spec.source()
            .orElseThrow(
                () ->
                    new RecoveryException(
                        "restore drill: restore_drill.source is not configured, so the RPO cannot be measured; give the source database's libpq URI by reference, e.g. {env: PG_SOURCE_URI}"));
    StepLog log = new StepLog(clock);
    Instant sourceNewest = sourceNewest(source, log);
    Instant started =
        log.step("restore %s (%s) into a scratch PostgreSQL".formatted(backup, spec.format()));
    boolean dump = spec.format().equals("pg_dump");
    try (PostgresServer scratch =
        dump
            ? PostgresServer.initdb(spec.postgresBin(), spec.runAs(), spec.timeout())
            : PostgresServer.fromBaseBackup(
                spec.postgresBin(),
                spec.runAs(),
                spec.timeout(),
                backup,
                spec.walArchive().orElseThrow())) {
      log.step(
          dump
              ? "initdb done"
              : "base backup unpacked, recovery.signal and restore_command written");
      try {
        scratch.start();
      } catch (RecoveryException e) {
        throw new RecoveryException(
            "restore drill: the scratch server from %s did not start: %s; server log:%n%s"
                .formatted(backup, e.getMessage(), scratch.logTail()),
            e);
      }
      log.step("scratch server started on port " + scratch.port());
      if (dump) {
        scratch.psql("postgres", "CREATE DATABASE " + spec.database());
        try {
          scratch.client(
              "pg_restore",
              "--no-owner",
              "--no-privileges",
              "--exit-on-error",
              "-d",
              scratch.uri(spec.database()),
              backup.toString());
        } catch (RecoveryException e) {
          throw new RecoveryException(
              "restore drill: pg_restore of %s FAILED: %s".formatted(backup, e.getMessage()), e);
        }
        log.step("pg_restore done");
      } else {
        awaitRecovered(scratch, backup);
        log.step("recovery from the WAL archive done; the server left recovery");
      }
      String answer = scratch.psql(spec.database(), spec.rpoQuery());
      Instant answered = log.step("restored database answers rpo_query: '%s'".formatted(answer));
      Instant restoredNewest = epoch(answer, "the restored database at " + backup);
      log.step("drop the scratch server");
      return new Drill(backup, started, answered, sourceNewest, restoredNewest, log);
    }
  }

  private void awaitRecovered(PostgresServer scratch, Path backup) {
    try {
      BoundedWait.named("recovery of " + backup)
          .atMost(spec.timeout())
          .pollEvery(Duration.ofMillis(250))
          .progressEvery(Duration.ofSeconds(15))
          .status(scratch::logTail)
          .until(() -> "f".equals(scratch.psql("postgres", "SELECT pg_is_in_recovery()")));
    } catch (WaitTimeoutException e) {
      throw new RecoveryException(
          "restore drill: the base backup %s did not finish recovery within restore_drill.timeout %s; server log:%n%s"
              .formatted(backup, spec.timeout(), scratch.logTail()),
          e);
    }
  }

  private Instant sourceNewest(Secret source, StepLog log) {
    String answer;
    try {
      answer =
          PostgresServer.Commands.run(
                  spec.timeout(),
                  Map.of(),
                  spec.postgresBin().resolve("psql").toString(),
                  "-X",
                  "-At",
                  "-d",
                  source.reveal(),
                  "-c",
                  spec.rpoQuery())
              .trim();
    } catch (RecoveryException e) {
      // the URI may hold a password: the message names the reference, never the value
      throw new RecoveryException(
          "restore drill: the source database (%s) did not answer rpo_query: %s"
              .formatted(source, e.getMessage().replace(source.reveal(), source.toString())));
    }
    Instant newest = epoch(answer, "the source database (" + source + ")");
    log.step("source's newest committed transaction (rpo_query): " + newest);
    return newest;
  }

  private Instant epoch(String answer, String where) {
    try {
      double seconds = Double.parseDouble(answer.trim());
      return Instant.ofEpochMilli(Math.round(seconds * 1000));
    } catch (NumberFormatException e) {
      throw new RecoveryException(
          "restore drill: %s answered '%s' to restore_drill.rpo_query '%s'; expected epoch seconds of its newest transaction (no rows or NULL is no data)"
              .formatted(where, answer, spec.rpoQuery()),
          e);
    }
  }

  private Path newest(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new RecoveryException(
          "restore drill: restore_drill.backups %s is not a directory; no backup to restore"
              .formatted(directory));
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(this::isBackup)
          .max(Comparator.comparing(RestoreDrillRunner::modified))
          .orElseThrow(
              () ->
                  new RecoveryException(
                      "restore drill: no %s backup in %s (restore_drill.backups); a restore drill of a backup that does not exist fails: run the backup first"
                          .formatted(
                              spec.format().equals("pg_dump")
                                  ? "pg_dump (*.dump)"
                                  : "pg_basebackup (a directory with base.tar[.gz])",
                              directory)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list restore_drill.backups " + directory, e);
    }
  }

  private boolean isBackup(Path path) {
    if (spec.format().equals("pg_dump"))
      return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".dump");
    return Files.isDirectory(path)
        && (Files.exists(path.resolve("base.tar")) || Files.exists(path.resolve("base.tar.gz")));
  }

  private static java.nio.file.attribute.FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
