package io.intelgraph.cutover.rollback;

import io.intelgraph.cutover.support.CommandResult;
import io.intelgraph.cutover.support.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the runbook's rollback script through the house's {@link CommandRunner} (no shell: the
 * command is split on spaces), with a timeout, its output captured. A non-zero exit or a timeout is
 * a failure carrying the output's tail.
 *
 * <p>The script may run more than once for one rollback (a takeover after its runner died, a retry
 * by hand), so it must be idempotent; {@code CUTOVER_ROLLBACK_IDEMPOTENCY_KEY} is the same on every
 * run of the same rollback, for a script that records what it already did.
 */
final class ScriptAction implements RollbackAction {

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
    CommandResult result =
        new CommandRunner(workingDirectory, timeout)
            .run(
                command,
                Map.of(
                    "CUTOVER_ROLLBACK_REASON", request.reason(),
                    "CUTOVER_ROLLBACK_TRIGGERED_BY", request.triggeredBy(),
                    "CUTOVER_RELEASE_TAG", request.releaseTag(),
                    "CUTOVER_ATTEMPT", request.attemptId(),
                    "CUTOVER_ENV", request.environment(),
                    "CUTOVER_ROLLBACK_IDEMPOTENCY_KEY", request.idempotencyKey()));
    return switch (result.status()) {
      case NOT_STARTED ->
          throw new RollbackActionException(
              "rollback script `%s` could not start in %s (%s); check rollback.script and that the file exists and is executable"
                  .formatted(command, workingDirectory, result.startError()));
      case TIMED_OUT ->
          throw new RollbackActionException(
              "rollback script `%s` did not finish within %s and was killed; output:%n%s"
                  .formatted(command, timeout, result.output()));
      case EXITED -> {
        if (result.exitCode() != 0) {
          throw new RollbackActionException(
              "rollback script `%s` exited %d; output:%n%s"
                  .formatted(command, result.exitCode(), result.output()));
        }
        yield "exited 0; output:%n%s".formatted(result.output());
      }
    };
  }
}
