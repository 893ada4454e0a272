package io.intelgraph.cutover.interop;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The interop servers' child processes: one log per name under {@code target/interop/logs}, emptied
 * at each start so its output is this run's alone.
 */
final class InteropProcesses {

  private InteropProcesses() {}

  static ChildProcess start(
      String name, Path directory, Map<String, String> environment, List<String> command)
      throws IOException {
    Path log = Path.of("target", "interop", "logs", name + ".log");
    Files.deleteIfExists(log);
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    return ChildProcess.start(name, builder, log);
  }

  /** Runs a command to completion within {@code bound}; fails with its output otherwise. */
  static void run(String name, Path directory, Duration bound, List<String> command)
      throws IOException {
    try (ChildProcess child = start(name, directory, Map.of(), command)) {
      child.awaitExit(bound);
      if (child.exitValue() != 0) {
        throw new IllegalStateException(
            "%s exited %d: %s".formatted(command, child.exitValue(), child.tail()));
      }
    }
  }
}
