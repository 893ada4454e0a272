package io.intelgraph.cutover.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs one configured command of the runbook (the rollback script, the canary deploy, the lock's
 * {@code helm upgrade}) the same way everywhere: no shell (the configured text is split on
 * whitespace into argv, so quoting and pipes are the script's business), in a working directory,
 * with extra environment variables, bounded by a timeout after which the command and every process
 * it started are killed. Its output (stdout and stderr merged, in the order written) goes to a
 * temporary file, so a chatty command never blocks on a full pipe, and the result keeps its tail.
 *
 * <pre>{@code
 * CommandResult result = new CommandRunner(Path.of(""), Duration.ofMinutes(5))
 *     .run("./scripts/cutover/deploy-canary.sh", Map.of("CUTOVER_RELEASE_TAG", "v1.0.0-GA"));
 * if (!result.succeeded()) throw new IllegalStateException(result.describe());
 * }</pre>
 *
 * <p>The runner never throws for what the command did: a command that cannot start, exits non-zero
 * or outlives its timeout is a {@link CommandResult} saying so. Only an interrupt of the calling
 * thread propagates (after killing the command).
 */
public final class CommandRunner {

  /** The output's tail a result keeps: enough for an error and its context. */
  public static final int TAIL = 4_000;

  private final Path workingDirectory;
  private final Duration timeout;

  public CommandRunner(Path workingDirectory, Duration timeout) {
    this.workingDirectory = workingDirectory.toAbsolutePath();
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("a command's timeout must be positive, got " + timeout);
    }
  }

  /** The configured text as argv: words split on whitespace, no shell. */
  public static List<String> argv(String command) {
    return Arrays.stream(command.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Runs {@code command} ({@link #argv}) with {@code environment} added to this JVM's. */
  public CommandResult run(String command, Map<String, String> environment)
      throws InterruptedException {
    List<String> argv = argv(command);
    String text = String.join(" ", argv);
    if (argv.isEmpty()) {
      return CommandResult.notStarted(text, workingDirectory, timeout, "the command is empty");
    }
    Path output;
    try {
      output = Files.createTempFile("maestro-command", ".log");
    } catch (IOException e) {
      return CommandResult.notStarted(
          text, workingDirectory, timeout, "no temporary file for its output: " + e.getMessage());
    }
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      long started = System.nanoTime();
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return CommandResult.notStarted(text, workingDirectory, timeout, e.getMessage());
      }
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        throw e;
      }
      if (!finished) kill(process);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      return new CommandResult(
          text,
          workingDirectory,
          timeout,
          finished ? CommandResult.Status.EXITED : CommandResult.Status.TIMED_OUT,
          finished ? process.exitValue() : -1,
          took,
          tail(output),
          "");
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // a temporary file left behind is the OS's to clean; the result is already complete
      }
    }
  }

  /**
   * Kills the command and what it started (a script's curl or helm), so nothing outlives the
   * timeout and keeps the output file open, then reaps it.
   */
  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  private static String tail(Path output) {
    try {
      String text = Files.readString(output, StandardCharsets.UTF_8).strip();
      return text.length() <= TAIL ? text : "..." + text.substring(text.length() - TAIL);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }
}
