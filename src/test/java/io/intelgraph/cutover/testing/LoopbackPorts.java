package io.intelgraph.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports for the servers the tests start on loopback.
 *
 * <p>The operating system picks a free port and the socket is closed at once, so that a child
 * process (Prometheus, PostgreSQL, the registry) can bind it next. Between the two, another test
 * JVM of the same build (the integration tests run in four) could be handed the same port: each
 * port handed out is therefore reserved for the life of this JVM by a lock on a file named after it
 * in a directory all the build's JVMs share, and a port another JVM holds is skipped.
 */
public final class LoopbackPorts {

  private static final Path RESERVATIONS =
      Path.of(System.getProperty("java.io.tmpdir"), "maestro-cutover-test-ports");
  private static final int ATTEMPTS = 50;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static final List<FileLock> HELD = new ArrayList<>();

  private LoopbackPorts() {}

  /** A port free on 127.0.0.1 now and handed to no other test JVM of this build. */
  public static synchronized int free() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port = pickedBySystem();
      if (HANDED_OUT.contains(port)) continue;
      if (reserve(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no loopback port could be reserved in %d attempts; check %s is writable"
            .formatted(ATTEMPTS, RESERVATIONS));
  }

  private static int pickedBySystem() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
    }
  }

  /** True when this JVM now holds the port's lock; the lock goes with the JVM. */
  private static boolean reserve(int port) {
    try {
      Files.createDirectories(RESERVATIONS);
      FileChannel channel =
          FileChannel.open(
              RESERVATIONS.resolve(port + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return false;
      }
      HELD.add(lock);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not reserve port %d under %s".formatted(port, RESERVATIONS), e);
    }
  }
}
