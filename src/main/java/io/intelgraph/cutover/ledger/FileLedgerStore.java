package io.intelgraph.cutover.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The ledger as a JSON file, for one runner or a shared volume.
 *
 * <p>Design note: every read-modify-write holds an exclusive {@link FileChannel#lock() file lock}
 * on a sidecar {@code <ledger>.lock} (the ledger itself is replaced by rename, so it cannot carry
 * the lock), which serializes JVMs; a per-path {@link ReentrantLock} serializes threads of one JVM,
 * since file locks are held per process. A write goes to a temporary file in the same directory, is
 * forced to disk, then atomically moved over the ledger and the directory forced: a crash leaves
 * either the old or the new ledger, never half of one.
 *
 * <pre>{@code
 * LedgerStore store = new FileLedgerStore(Path.of("target/cutover-ledger.json"), "v1.0.0-GA", Clock.systemUTC());
 * }</pre>
 */
public final class FileLedgerStore implements LedgerStore {

  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final String releaseTag;
  private final Clock clock;
  private final LedgerCodec codec;

  public FileLedgerStore(Path file, String releaseTag, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.releaseTag = releaseTag;
    this.clock = clock;
    this.codec = new LedgerCodec(releaseTag);
  }

  @Override
  public Ledger read() {
    return update(UnaryOperator.identity());
  }

  @Override
  public Ledger update(UnaryOperator<Ledger> change) {
    return locked(
        () -> {
          Ledger current = load();
          Ledger next =
              change.apply(
                  current == null
                      ? Ledger.start(releaseTag, clock.instant(), nextAttempt())
                      : current);
          if (current == null || !next.equals(current)) {
            write(next);
          }
          return next;
        });
  }

  @Override
  public Ledger startNewAttempt() {
    return locked(
        () -> {
          if (Files.exists(file)) {
            Path archive = file.resolveSibling(file.getFileName() + ".attempt-" + archiveSuffix());
            move(file, archive);
          }
          Ledger fresh = Ledger.start(releaseTag, clock.instant(), nextAttempt());
          write(fresh);
          return fresh;
        });
  }

  @Override
  public List<Ledger> archivedAttempts() {
    return locked(
        () -> {
          String archived = file.getFileName() + ".attempt-";
          List<Ledger> attempts = new ArrayList<>();
          try (var siblings = Files.list(file.getParent())) {
            for (Path archive :
                siblings
                    .filter(p -> p.getFileName().toString().startsWith(archived))
                    .sorted()
                    .toList()) {
              try {
                attempts.add(
                    codec.read(
                        archive.toString(), Files.readString(archive, StandardCharsets.UTF_8)));
              } catch (LedgerException ignored) {
                // corrupt or foreign: archived because it could not be continued, and holds nothing
                // this release can read back
              }
            }
          }
          attempts.sort(Comparator.comparingInt(Ledger::attempt));
          return List.copyOf(attempts);
        });
  }

  @Override
  public String location() {
    return file.toString();
  }

  /**
   * The attempts archived beside the ledger, plus this one: the release's attempt number, counted,
   * never assumed.
   */
  private int nextAttempt() throws IOException {
    String archived = file.getFileName() + ".attempt-";
    try (var siblings = Files.list(file.getParent())) {
      return 1
          + (int) siblings.filter(p -> p.getFileName().toString().startsWith(archived)).count();
    }
  }

  private String archiveSuffix() {
    try {
      return codec.read(location(), Files.readString(file, StandardCharsets.UTF_8)).attemptId();
    } catch (LedgerException | IOException unreadable) {
      // a corrupt or foreign ledger is archived too; name it by time since it has no readable
      // attempt id
      return "unreadable-" + clock.instant().toEpochMilli();
    }
  }

  private interface Locked<T> {
    T run() throws IOException;
  }

  private <T> T locked(Locked<T> action) {
    ReentrantLock threads = IN_PROCESS.computeIfAbsent(file, ignored -> new ReentrantLock());
    threads.lock();
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.run();
      }
    } catch (IOException e) {
      throw new LedgerException(
          "ledger %s cannot be locked, read or written (%s: %s); check the directory exists and is writable"
              .formatted(file, e.getClass().getSimpleName(), e.getMessage()),
          e);
    } finally {
      threads.unlock();
    }
  }

  private Ledger load() throws IOException {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return null;
    }
    return codec.read(location(), json);
  }

  private void write(Ledger ledger) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(codec.write(ledger).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      move(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  private void forceDirectory() {
    // makes the rename itself durable on Linux; other systems may not open directories, and the
    // rename is atomic anyway
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported on this file system: the atomic move still guarantees old-or-new
    }
  }
}
