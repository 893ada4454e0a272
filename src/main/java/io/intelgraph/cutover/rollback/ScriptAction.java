package io.intelgraph.cutover.rollback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runbook's rollback script (no shell: the command is split on spaces), with a timeout,
 * its output captured. A non-zero exit or a timeout is a failure carrying the output's tail.
 *
 * <p>The script may run more than once for one rollback (a takeover after its runner died, a retry
 * by hand), so it must be idempotent; {@code CUTOVER_ROLLBACK_IDEMPOTENCY_KEY} is the same on every
 * run of the same rollback, for a script that records what it already did.
 */
final class ScriptAction implements RollbackAction {

  private static final int TAIL = 2_000;

  private final String command;
  private final Duration timeout;
  private final Path workingDirectory;

  ScriptAction(String command, Duration timeout, Path workingDirectory) {
    this.command = command.strip();
    this.timeout = timeout;
    this.workingDirectory = workingDirectory;
  }

  @Override
  public String name() {
    return "script";
  }

  @Override
  public String description() {
    return "run `%s` in %s (timeout %s)".formatted(command, workingDirectory, timeout);
  }

  @Override
  public String execute(RollbackRequest request) throws IOException, InterruptedException {
    Path output = Files.createTempFile("maestro-rollback-script", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(List.of(command.split("\\s+")))
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder
          .environment()
          .putAll(
              Map.of(
                  "CUTOVER_ROLLBACK_REASON", request.reason(),
                  "CUTOVER_ROLLBACK_TRIGGERED_BY", request.triggeredBy(),
                  "CUTOVER_RELEASE_TAG", request.releaseTag(),
                  "CUTOVER_ATTEMPT", request.attemptId(),
                  "CUTOVER_ENV", request.environment(),
                  "CUTOVER_ROLLBACK_IDEMPOTENCY_KEY", request.idempotencyKey()));
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new RollbackActionException(
            "rollback script `%s` could not start in %s (%s); check rollback.script and that the file exists and is executable"
                .formatted(command, workingDirectory, e.getMessage()),
            e);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new RollbackActionException(
            "rollback script `%s` did not finish within %s and was killed; output:%n%s"
                .formatted(command, timeout, tail(output)));
      }
      if (process.exitValue() != 0) {
        throw new RollbackActionException(
            "rollback script `%s` exited %d; output:%n%s"
                .formatted(command, process.exitValue(), tail(output)));
      }
      return "exited 0; output:%n%s".formatted(tail(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String tail(Path output) throws IOException {
    String text = Files.readString(output, StandardCharsets.UTF_8).strip();
    return text.length() <= TAIL ? text : "..." + text.substring(text.length() - TAIL);
  }
}
