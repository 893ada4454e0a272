package io.intelgraph.cutover.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the local binaries (the Debian {@code postgresql} package's
 * {@code /usr/lib/postgresql/<major>/bin}): a data directory under a temp dir, a Unix socket in it,
 * no TCP. initdb refuses to run as root, so as root the server's own commands run as {@code runAs}
 * through {@code runuser}; clients (psql, pg_restore, pg_dump) connect over the socket with trust
 * authentication. Closing stops it (immediate) and deletes the directory, whatever happened before.
 * Reference: https://www.postgresql.org/docs/15/app-pg-ctl.html,
 * https://www.postgresql.org/docs/15/app-initdb.html
 */
public final class PostgresServer implements AutoCloseable {

  private final Path bin;
  private final String runAs;
  private final Duration timeout;
  private final Path dir;
  private final int port;
  private boolean started;

  private PostgresServer(Path bin, String runAs, Duration timeout) {
    this.bin = bin;
    this.runAs = runAs;
    this.timeout = timeout;
    for (String tool : List.of("initdb", "pg_ctl", "psql", "pg_restore")) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new RecoveryException(
            "PostgreSQL binary %s not found or not executable; install the Debian package (apt-get install -y postgresql) "
                + "or set restore_drill.postgres_bin to the directory holding initdb, pg_ctl, psql and pg_restore"
                    .formatted(bin.resolve(tool)));
      }
    }
    try {
      this.dir = Files.createTempDirectory("cutover-postgres-");
      if (asRoot()) Files.setOwner(dir, owner());
      try (ServerSocket socket = new ServerSocket(0)) {
        this.port = socket.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not prepare a scratch PostgreSQL directory: " + e.getMessage(), e);
    }
  }

  /** An empty, initialised cluster (not started). */
  public static PostgresServer initdb(Path bin, String runAs, Duration timeout) {
    PostgresServer server = new PostgresServer(bin, runAs, timeout);
    try {
      server.serverCommand(
          "initdb",
          "-D",
          server.data().toString(),
          "-A",
          "trust",
          "-U",
          "postgres",
          "--no-sync",
          "-E",
          "UTF8");
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * A cluster whose data directory is a {@code pg_basebackup -Ft} backup (base.tar[.gz],
   * pg_wal.tar[.gz]), set to recover from {@code walArchive}.
   */
  public static PostgresServer fromBaseBackup(
      Path bin, String runAs, Duration timeout, Path backup, Path walArchive) {
    PostgresServer server = new PostgresServer(bin, runAs, timeout);
    try {
      Path data = server.data();
      Files.createDirectories(data);
      // unpacked as the suite's user, who can read the backup, then handed to the server's user
      for (String tar : List.of("base.tar", "base.tar.gz")) {
        if (Files.exists(backup.resolve(tar)))
          Commands.run(
              timeout,
              Map.of(),
              "tar",
              "-xf",
              backup.resolve(tar).toString(),
              "-C",
              data.toString());
      }
      for (String tar : List.of("pg_wal.tar", "pg_wal.tar.gz")) {
        if (Files.exists(backup.resolve(tar)))
          Commands.run(
              timeout,
              Map.of(),
              "tar",
              "-xf",
              backup.resolve(tar).toString(),
              "-C",
              data.resolve("pg_wal").toString());
      }
      // recover from the archive and never archive into it: the drill must not write to
      // production's archive
      Files.writeString(
          data.resolve("postgresql.auto.conf"),
          "restore_command = 'cp %s/%%f %%p'\narchive_mode = off\n".formatted(walArchive),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Files.writeString(data.resolve("recovery.signal"), "");
      if (asRoot()) Commands.run(timeout, Map.of(), "chown", "-R", server.runAs, data.toString());
      Commands.run(timeout, Map.of(), "chmod", "700", data.toString());
      return server;
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(
          "could not unpack the base backup " + backup + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public Path data() {
    return dir.resolve("data");
  }

  public Path socketDir() {
    return dir;
  }

  public int port() {
    return port;
  }

  /** libpq URI of {@code database} on this server, over its socket. */
  public String uri(String database) {
    return "postgresql:///%s?host=%s&port=%d&user=postgres".formatted(database, dir, port);
  }

  /**
   * Starts the server; each of {@code settings} ({@code name = 'value'}) is appended to its
   * postgresql.auto.conf first.
   */
  public void start(String... settings) {
    try {
      for (String setting : settings) {
        Files.writeString(
            data().resolve("postgresql.auto.conf"),
            setting + "\n",
            java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the scratch server's settings to " + data(), e);
    }
    String options = "-p %d -k %s -c listen_addresses=''".formatted(port, dir);
    serverCommand(
        "pg_ctl",
        "-D",
        data().toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        String.valueOf(Math.max(1, timeout.toSeconds())),
        "-o",
        options,
        "start");
    started = true;
  }

  /** Runs {@code sql} with psql on {@code database}; returns the unaligned, tuples-only output. */
  public String psql(String database, String sql) {
    return Commands.run(
            timeout,
            Map.of(),
            bin.resolve("psql").toString(),
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-At",
            "-d",
            uri(database),
            "-c",
            sql)
        .trim();
  }

  /** Runs a client tool of this installation (pg_restore, pg_dump) with {@code args}. */
  public String client(String tool, String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
    command.addAll(List.of(args));
    return Commands.run(timeout, Map.of(), command.toArray(String[]::new));
  }

  /** The server log's tail, for a failure message. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException ignored) {
      return "(no server log)"; // the server never started far enough to write one
    }
  }

  private void serverCommand(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (asRoot()) command.addAll(List.of("runuser", "-u", runAs, "--"));
    command.add(
        tool.contains("/") || !Files.exists(bin.resolve(tool))
            ? tool
            : bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Commands.run(timeout, Map.of(), command.toArray(String[]::new));
  }

  private UserPrincipal owner() throws IOException {
    return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() {
    try {
      if (started) {
        try {
          serverCommand("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException ignored) {
          // already stopped or never answered: the directory is removed below either way
        }
      }
    } finally {
      try (Stream<Path> tree = Files.walk(dir)) {
        tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory that could not be listed: nothing else to clean
      }
    }
  }

  /** Bounded child processes whose failure carries the command and its output. */
  static final class Commands {
    private Commands() {}

    static String run(Duration timeout, Map<String, String> environment, String... command) {
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("cutover-cmd-", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
          if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new RecoveryException(
                "`%s` did not finish within %s (restore_drill.timeout)"
                    .formatted(String.join(" ", command), timeout));
          }
          String out = Files.readString(output);
          if (process.exitValue() != 0) {
            throw new RecoveryException(
                "`%s` failed with exit code %d: %s"
                    .formatted(String.join(" ", command), process.exitValue(), tail(out)));
          }
          return out;
        } finally {
          Files.deleteIfExists(output);
        }
      } catch (IOException e) {
        throw new RecoveryException(
            "could not run `%s`: %s".formatted(String.join(" ", command), e.getMessage()), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecoveryException(
            "interrupted while running `%s`".formatted(String.join(" ", command)), e);
      }
    }

    private static String tail(String out) {
      String flat = out.strip();
      return flat.length() > 1500 ? "..." + flat.substring(flat.length() - 1500) : flat;
    }
  }
}
