package io.intelgraph.cutover.sandbox.postgres;

import io.intelgraph.cutover.recovery.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sandbox's PostgreSQL: a real server from the local binaries with the {@code intelgraph}
 * database and a {@code cutover_heartbeat} table, and a real {@code pg_dump -Fc} backup of it in
 * {@link #backups()}, taken before one more heartbeat is committed, so a restore drill has
 * something to restore and a real, non-zero RPO to measure. Stopped and deleted on close.
 */
public final class SourcePostgres implements AutoCloseable {

  public static final String DATABASE = "intelgraph";
  private final PostgresServer server;
  private final Path backups;

  private SourcePostgres(PostgresServer server, Path backups) {
    this.server = server;
    this.backups = backups;
  }

  /**
   * Starts the server in a temp directory and writes one backup into {@code backups}; {@code runAs}
   * is the OS user when running as root.
   */
  public static SourcePostgres start(Path bin, String runAs, Path backups, Duration timeout) {
    return start(bin, runAs, backups, timeout, false);
  }

  /**
   * As {@link #start(Path, String, Path, Duration)}; with {@code baseBackup} the server archives
   * its WAL to {@link #walArchive()} and a {@code pg_basebackup -Ft} backup is written to {@code
   * backups/base-1}, and the last heartbeat's WAL segment is archived, so a recovery from the
   * archive reaches it.
   */
  public static SourcePostgres start(
      Path bin, String runAs, Path backups, Duration timeout, boolean baseBackup) {
    PostgresServer server = PostgresServer.initdb(bin, runAs, timeout);
    try {
      Path archive = server.socketDir().resolve("wal-archive");
      if (baseBackup) {
        server.start(
            "wal_level = replica",
            "archive_mode = on",
            "archive_command = 'mkdir -p %s && cp %%p %s/%%f'".formatted(archive, archive));
      } else {
        server.start();
      }
      server.psql("postgres", "CREATE DATABASE " + DATABASE);
      server.psql(
          DATABASE,
          "CREATE TABLE cutover_heartbeat (at timestamptz NOT NULL DEFAULT now()); "
              + "CREATE TABLE entities (id serial PRIMARY KEY, tenant text NOT NULL, kind text NOT NULL); "
              + "INSERT INTO entities (tenant, kind) SELECT 'tenant-a', 'person' FROM generate_series(1, 500); "
              + "INSERT INTO cutover_heartbeat (at) VALUES (now() - interval '2 seconds')");
      Files.createDirectories(backups);
      server.client(
          "pg_dump",
          "-Fc",
          "-f",
          backups.resolve("intelgraph-nightly.dump").toString(),
          server.uri(DATABASE));
      if (baseBackup) {
        server.client(
            "pg_basebackup",
            "-d",
            server.uri("postgres"),
            "-Ft",
            "-X",
            "none",
            "-c",
            "fast",
            "--no-sync",
            "-D",
            backups.resolve("base-1").toString());
      }
      server.psql(DATABASE, "INSERT INTO cutover_heartbeat (at) VALUES (now())");
      if (baseBackup) server.psql("postgres", "SELECT pg_switch_wal()");
      return new SourcePostgres(server, backups);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("could not create the backups directory " + backups, e);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** libpq URI of the source database (no password: trust over its private socket). */
  public String uri() {
    return server.uri(DATABASE);
  }

  /** Where the server archives WAL segments (with a base backup only). */
  public Path walArchive() {
    return server.socketDir().resolve("wal-archive");
  }

  public Path backups() {
    return backups;
  }

  @Override
  public void close() {
    server.close();
  }
}
