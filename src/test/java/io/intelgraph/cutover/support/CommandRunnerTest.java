package io.intelgraph.cutover.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The house's command runner: argv without a shell, exit codes, the timeout, the output. */
class CommandRunnerTest {

  @TempDir Path dir;

  Path script(String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aCommandThatExitsZeroSucceedsWithItsOutputInOrderAndItsEnvironment() throws Exception {
    Path script =
        script("ok.sh", "echo \"first $1 $CUTOVER_RELEASE_TAG\"\necho 'second' >&2\necho third\n");

    CommandResult result =
        new CommandRunner(dir, Duration.ofSeconds(10))
            .run(script + "   full  ", Map.of("CUTOVER_RELEASE_TAG", "v1.0.0-GA"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.status()).isEqualTo(CommandResult.Status.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).isEqualTo("first full v1.0.0-GA\nsecond\nthird");
    assertThat(result.command()).isEqualTo(script + " full");
    assertThat(result.describe()).startsWith("`" + script + " full` exited 0 after ");
  }

  @Test
  void aNonZeroExitIsAFailureWithItsCode() throws Exception {
    Path script =
        script(
            "fail.sh", "echo 'Error: UPGRADE FAILED: another operation is in progress'\nexit 3\n");

    CommandResult result =
        new CommandRunner(dir, Duration.ofSeconds(10)).run(script.toString(), Map.of());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output())
        .isEqualTo("Error: UPGRADE FAILED: another operation is in progress");
    assertThat(result.describe()).contains("exited 3 after");
  }

  @Test
  void aCommandOutlivingItsTimeoutIsKilledWithWhatItStartedAndSaysSo() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path script = script("hang.sh", "echo waiting\nsleep 30 &\necho $! > " + pidFile + "\nwait\n");

    long started = System.nanoTime();
    CommandResult result =
        new CommandRunner(dir, Duration.ofMillis(500)).run(script.toString(), Map.of());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.status()).isEqualTo(CommandResult.Status.TIMED_OUT);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.output()).isEqualTo("waiting");
    assertThat(result.describe())
        .isEqualTo("`%s` did not finish within PT0.5S and was killed".formatted(script));
    assertThat(took)
        .as("killed at the timeout, not after the child's 30 s")
        .isLessThan(Duration.ofSeconds(10));
    long child = Long.parseLong(Files.readString(pidFile).strip());
    // SIGKILL is asynchronous: the child must be gone within a bound, not at this instant
    java.util.Optional<ProcessHandle> handle = ProcessHandle.of(child);
    if (handle.isPresent()) {
      assertThat(handle.get().onExit())
          .as("the script's child (pid %d) is killed too", child)
          .succeedsWithin(Duration.ofSeconds(5));
    }
  }

  @Test
  void aCommandThatCannotStartSaysWhyAndWhere() throws Exception {
    CommandResult result =
        new CommandRunner(dir, Duration.ofSeconds(1)).run("./scripts/absent.sh --now", Map.of());

    assertThat(result.status()).isEqualTo(CommandResult.Status.NOT_STARTED);
    assertThat(result.describe())
        .startsWith("`./scripts/absent.sh --now` could not start in " + dir.toAbsolutePath())
        .contains("No such file or directory");
  }

  @Test
  void theCommandIsSplitOnWhitespaceWithoutAShell() {
    assertThat(CommandRunner.argv("  helm upgrade app ./chart\t--set a.b=false --wait "))
        .containsExactly("helm", "upgrade", "app", "./chart", "--set", "a.b=false", "--wait");
  }
}
