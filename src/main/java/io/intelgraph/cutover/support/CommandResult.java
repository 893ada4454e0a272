package io.intelgraph.cutover.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link CommandRunner} run did: exited (with its code), timed out (and was killed), or
 * never started (with the reason); how long it took and the tail of its output, unredacted (the
 * caller redacts before it becomes evidence or a message).
 *
 * @param command the argv as one line, e.g. {@code ./scripts/cutover/deploy-canary.sh}
 * @param exitCode the exit code when {@link Status#EXITED}, else -1
 * @param output the tail of stdout and stderr, merged in the order written
 * @param startError why it did not start, when {@link Status#NOT_STARTED}; else empty
 */
public record CommandResult(
    String command,
    Path workingDirectory,
    Duration timeout,
    Status status,
    int exitCode,
    Duration duration,
    String output,
    String startError) {

  /** How a command ended. */
  public enum Status {
    EXITED,
    TIMED_OUT,
    NOT_STARTED
  }

  public CommandResult {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(status, "status");
    output = output == null ? "" : output;
    startError = startError == null ? "" : startError;
  }

  static CommandResult notStarted(String command, Path directory, Duration timeout, String why) {
    return new CommandResult(
        command, directory, timeout, Status.NOT_STARTED, -1, Duration.ZERO, "", why);
  }

  /** Exited 0. */
  public boolean succeeded() {
    return status == Status.EXITED && exitCode == 0;
  }

  /**
   * What happened in one clause, naming the command: {@code `helm upgrade ...` exited 1 after 2.1
   * s}, {@code ... did not finish within PT5M and was killed}, {@code ... could not start in /work
   * (No such file or directory)}.
   */
  public String describe() {
    return switch (status) {
      case EXITED -> "`%s` exited %d after %d ms".formatted(command, exitCode, duration.toMillis());
      case TIMED_OUT -> "`%s` did not finish within %s and was killed".formatted(command, timeout);
      case NOT_STARTED ->
          "`%s` could not start in %s (%s)".formatted(command, workingDirectory, startError);
    };
  }
}
