package io.intelgraph.cutover.sandbox.postgres;

import io.intelgraph.cutover.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 with WAL archiving on ({@code archive_mode=on}, an {@code archive_command}
 * copying each segment to {@code archive/}), and the real postgres_exporter (Debian {@code
 * prometheus-postgres-exporter}) in front of it, for the sandbox's Prometheus to scrape: the T-15
 * PITR line reads {@code pg_stat_archiver_*} exactly as it would in production.
 *
 * <pre>{@code
 * try (PostgresSandbox postgres = PostgresSandbox.start()) {
 *   postgres.exporterMetrics();   // http://127.0.0.1:PORT/metrics
 *   postgres.breakArchiving();    // archive_command fails from now on: pg_stat_archiver_failed_count rises
 * }
 * }</pre>
 *
 * <p>Design: initdb costs ~3 s on a loaded 2-core machine, more than the sandbox's whole start-up
 * budget, so one cluster is initialised once per machine and binaries (a template directory in the
 * temp dir, created atomically) and every sandbox copies it ({@code cp -a}, ~0.1 s). initdb refuses
 * to run as root, so as root every PostgreSQL command runs as the {@code postgres} user the Debian
 * package creates ({@code runuser -u postgres}). It listens on a Unix socket in the sandbox's own
 * directory, through which the exporter and {@link #sql} connect with trust authentication, and on
 * 127.0.0.1 ({@link #address()}) for the blackbox exporter's TCP probe; {@link #stop()} and {@link
 * #restart()} take the database down and back up, as the {@code database-down} fault does.
 */
public final class PostgresSandbox implements AutoCloseable {

  /**
   * Debian's PostgreSQL 15 server binaries; {@code -Dsandbox.postgres.bin} names another directory.
   */
  public static final String BIN_PROPERTY = "sandbox.postgres.bin";

  public static final String EXPORTER_PROPERTY = "sandbox.postgres_exporter";
  static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final List<String> EXPORTER_NAMES =
      List.of("prometheus-postgres-exporter", "postgres_exporter");
  private static final String INSTALL_HINT =
      "install them with ci/install-deps (Debian packages postgresql and prometheus-postgres-exporter)";
  private static final long COMMAND_SECONDS = 60;
  private static final String SWITCH_WAL =
      "INSERT INTO cutover_marker DEFAULT VALUES; SELECT pg_switch_wal();";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final List<String> runAs;
  private final Process exporter;
  private final URI exporterMetrics;
  private final Thread stopOnExit;
  private boolean stopped;

  private PostgresSandbox(
      Path bin, Path dir, int port, List<String> runAs, Process exporter, URI exporterMetrics) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.runAs = runAs;
    this.exporter = exporter;
    this.exporterMetrics = exporterMetrics;
    this.stopOnExit = new Thread(this::stopQuietly, "sandbox-postgres-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts PostgreSQL (from the shared template) and the exporter; one WAL segment is archived
   * before this returns.
   */
  public static PostgresSandbox start() {
    Path bin = Path.of(System.getProperty(BIN_PROPERTY, DEFAULT_BIN.toString()));
    for (String tool : List.of("initdb", "pg_ctl", "postgres", "psql")) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new IllegalStateException(
            "the sandbox's PostgreSQL needs %s, which is missing; %s, or point -D%s at a PostgreSQL 15 bin directory"
                .formatted(bin.resolve(tool), INSTALL_HINT, BIN_PROPERTY));
      }
    }
    Path exporterBinary = exporterBinary();
    List<String> runAs =
        "root".equals(System.getProperty("user.name"))
            ? List.of("runuser", "-u", "postgres", "--")
            : List.of();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("cutover-postgres-");
      Files.createDirectories(dir.resolve("archive"));
      if (!runAs.isEmpty()) chown(dir, dir.resolve("archive"));
      Path template = template(bin, runAs);
      Path data = dir.resolve("data");
      run(runAs, List.of("cp", "-a", template.toString(), data.toString()));
      int port = LoopbackPorts.free();
      Files.writeString(
          data.resolve("postgresql.conf"),
          settings(dir, port),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      run(
          runAs,
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              dir.resolve("postgres.log").toString(),
              "-w",
              "-t",
              "30",
              "start"));
      int exporterPort = LoopbackPorts.free();
      ProcessBuilder exporterCommand =
          new ProcessBuilder(
                  exporterBinary.toString(),
                  "--web.listen-address=127.0.0.1:" + exporterPort,
                  "--disable-settings-metrics")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("exporter.log").toFile());
      exporterCommand
          .environment()
          .put(
              "DATA_SOURCE_NAME",
              "host=%s port=%d user=postgres sslmode=disable".formatted(dir, port));
      Process exporter = exporterCommand.start();
      PostgresSandbox postgres =
          new PostgresSandbox(
              bin,
              dir,
              port,
              runAs,
              exporter,
              URI.create("http://127.0.0.1:%d/metrics".formatted(exporterPort)));
      try {
        postgres.sql("CREATE TABLE cutover_marker (at timestamptz DEFAULT now()); " + SWITCH_WAL);
      } catch (RuntimeException e) {
        postgres.close();
        throw e;
      }
      return postgres;
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException(
          "the sandbox's PostgreSQL could not start in %s: %s".formatted(dir, e.getMessage()), e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  /** {@code 127.0.0.1:<port>}: where PostgreSQL accepts TCP connections while it runs. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /**
   * Stops the server ({@code pg_ctl stop -m fast}, waiting): its port refuses connections until
   * {@link #restart()}; the exporter keeps running and reports {@code pg_up 0}. Idempotent.
   */
  public synchronized void stop() {
    if (stopped) return;
    pgCtl("-m", "fast", "stop");
    stopped = true;
  }

  /** Starts the server {@link #stop() stopped} (waiting until it accepts connections). */
  public synchronized void restart() {
    if (!stopped) return;
    pgCtl("-l", dir.resolve("postgres.log").toString(), "-t", "30", "start");
    stopped = false;
  }

  private void pgCtl(String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w"));
    command.addAll(List.of(arguments));
    run(runAs, command);
  }

  /** postgres_exporter's metrics, for Prometheus to scrape. */
  public URI exporterMetrics() {
    return exporterMetrics;
  }

  /** Where WAL segments are archived to. */
  public Path archiveDirectory() {
    return dir.resolve("archive");
  }

  /** Writes a row and closes the current WAL segment, so the archiver archives it now. */
  public void switchWal() {
    sql(SWITCH_WAL);
  }

  /**
   * From now on every archive attempt fails (as a full or unmounted archive volume would); then
   * switches WAL.
   */
  public void breakArchiving() {
    sql("ALTER SYSTEM SET archive_command = 'exit 1'");
    sql("SELECT pg_reload_conf()");
    switchWal();
  }

  /** Runs SQL through psql as the database superuser; returns its unaligned output. */
  public String sql(String statements) {
    return run(
        runAs,
        List.of(
            bin.resolve("psql").toString(),
            "-h",
            dir.toString(),
            "-p",
            Integer.toString(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
            statements));
  }

  private static String settings(Path dir, int port) {
    String archive = dir.resolve("archive").toString();
    // the archive_command of the PostgreSQL manual (25.3.1): never overwrite an archived segment
    return """

        # maestro-cutover sandbox
        listen_addresses = '127.0.0.1'
        port = %d
        unix_socket_directories = '%s'
        archive_mode = on
        archive_command = 'test ! -f %s/%%f && cp %%p %s/%%f'
        fsync = off
        synchronous_commit = off
        full_page_writes = off
        shared_buffers = 16MB
        max_connections = 20
        """
        .formatted(port, dir, archive, archive);
  }

  /** The initialised cluster every sandbox copies; made once per machine and binary directory. */
  private static Path template(Path bin, List<String> runAs) throws IOException {
    Path template =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "maestro-cutover-pgdata-" + Integer.toHexString(bin.toAbsolutePath().hashCode()));
    if (Files.isRegularFile(template.resolve("PG_VERSION"))) return template;
    Path building =
        Path.of(template + ".building-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    run(
        runAs,
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            building.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions"));
    try {
      Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException ignored) {
      deleteQuietly(building); // another JVM made it first: use theirs
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(building);
      throw new IOException("cannot move %s to %s atomically".formatted(building, template), e);
    }
    return template;
  }

  private static Path exporterBinary() {
    String explicit = System.getProperty(EXPORTER_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      if (!Files.isExecutable(Path.of(explicit))) {
        throw new IllegalStateException(
            "-D%s=%s is not an executable file".formatted(EXPORTER_PROPERTY, explicit));
      }
      return Path.of(explicit);
    }
    for (String dirName :
        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : EXPORTER_NAMES) {
        Path candidate = Path.of(dirName.isBlank() ? "." : dirName, name);
        if (!dirName.isBlank() && Files.isExecutable(candidate)) return candidate;
      }
    }
    throw new IllegalStateException(
        "the sandbox's PostgreSQL needs postgres_exporter (%s) on the PATH; %s, or set -D%s"
            .formatted(String.join(" or ", EXPORTER_NAMES), INSTALL_HINT, EXPORTER_PROPERTY));
  }

  private static void chown(Path... paths) throws IOException {
    UserPrincipal postgres =
        paths[0].getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    for (Path path : paths) {
      Files.setOwner(path, postgres);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static String run(List<String> runAs, List<String> command) {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    builder.environment().putAll(Map.of("LC_ALL", "C.UTF-8"));
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "`%s` did not finish within %d s".formatted(String.join(" ", full), COMMAND_SECONDS));
      }
      String text = new String(output, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "`%s` exited %d: %s".formatted(String.join(" ", full), process.exitValue(), text));
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run `%s`: %s".formatted(String.join(" ", full), e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while running `%s`".formatted(String.join(" ", full)), e);
    }
  }

  private void stopQuietly() {
    exporter.destroy();
    try {
      run(
          runAs,
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } catch (RuntimeException ignored) {
      // already stopped (or never started): nothing left to stop
    }
  }

  /** Stops the exporter and PostgreSQL and deletes the cluster. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down: the hook runs anyway
    }
    stopQuietly();
    try {
      exporter.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      exporter.destroyForcibly(); // did not stop on SIGTERM within 10 s
    }
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // a temp directory left behind is harmless; the OS cleans the temp dir
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL in %s (socket port %d), exporter %s".formatted(dir, port, exporterMetrics);
  }
}
