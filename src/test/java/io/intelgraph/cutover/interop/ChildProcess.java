package io.intelgraph.cutover.interop;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server the interop test runs as a child process, its output in a log file that failures quote;
 * closing it ends the process and every process it started (kc.sh starts a JVM).
 */
final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(
      String name, Path directory, Map<String, String> environment, List<String> command)
      throws IOException {
    Path log = Files.createDirectories(Path.of("target", "interop", "logs")).resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ChildProcess(name, builder.start(), log);
  }

  /** Runs a command to completion within {@code bound}; fails with its output otherwise. */
  static void run(String name, Path directory, Duration bound, List<String> command)
      throws IOException {
    try (ChildProcess child = start(name, directory, Map.of(), command)) {
      await(name)
          .atMost(bound)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !child.process.isAlive());
      if (child.process.exitValue() != 0) {
        throw new IllegalStateException(
            "%s exited %d: %s".formatted(command, child.process.exitValue(), child.tail()));
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the output, for a failure message. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return name
          + " output ("
          + log
          + "):\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return name + " output unreadable: " + e.getMessage();
    }
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
