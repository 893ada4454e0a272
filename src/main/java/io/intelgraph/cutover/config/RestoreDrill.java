package io.intelgraph.cutover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The day-3 PostgreSQL restore drill: the newest backup restored into a scratch PostgreSQL, timed
 * (RTO) and compared with the source's newest committed transaction (RPO), then dropped.
 *
 * @param format {@code pg_dump} (custom-format {@code *.dump} files) or {@code basebackup} ({@code
 *     pg_basebackup -Ft} directories holding {@code base.tar[.gz]}, replayed from {@code
 *     wal_archive})
 * @param backups the directory that holds the backups; the newest one is restored. Absent: the line
 *     fails
 * @param walArchive the WAL archive a base backup recovers from ({@code restore_command = 'cp
 *     <archive>/%f %p'})
 * @param database the database the dump restores into and the RPO query reads
 * @param postgresBin the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code
 *     pg_restore}, {@code psql})
 * @param runAs the operating-system user the scratch server runs as when the suite runs as root
 *     (initdb refuses root)
 * @param source a libpq connection URI of the source database, by reference; absent: the RPO cannot
 *     be measured and the line fails
 * @param rpoQuery returns the newest committed transaction's time as epoch seconds, e.g. a
 *     heartbeat table's max timestamp
 * @param rtoTarget start of the restore to a scratch server answering {@code rpo_query}
 * @param rpoTarget the source's newest transaction minus the restore's newest
 * @param timeout the bound of every step (initdb, start, restore, query)
 */
public record RestoreDrill(
    String format,
    Optional<Path> backups,
    Optional<Path> walArchive,
    String database,
    Path postgresBin,
    String runAs,
    Optional<Secret> source,
    String rpoQuery,
    Duration rtoTarget,
    Duration rpoTarget,
    Duration timeout) {

  public RestoreDrill {
    if (!format.equals("pg_dump") && !format.equals("basebackup")) {
      throw new IllegalArgumentException(
          "format must be pg_dump or basebackup, got '%s'".formatted(format));
    }
    if (format.equals("basebackup") && walArchive.isEmpty()) {
      throw new IllegalArgumentException(
          "format basebackup needs wal_archive: the directory archive_command copies WAL segments to");
    }
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "database must be a plain identifier, e.g. intelgraph, got '%s'".formatted(database));
    }
    Chaos.requirePositive("rto_target", rtoTarget);
    Chaos.requirePositive("rpo_target", rpoTarget);
    Chaos.requirePositive("timeout", timeout);
  }
}
