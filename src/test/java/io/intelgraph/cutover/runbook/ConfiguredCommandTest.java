package io.intelgraph.cutover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.LedgerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runbook step done by a configured command: modes, evidence (redacted), the ledger event. */
class ConfiguredCommandTest {

  @TempDir Path dir;

  Path script(String body) throws IOException {
    Path script = dir.resolve("step.sh");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  ConfiguredCommand command(Optional<String> command, Duration timeout) {
    return new ConfiguredCommand(
        "canary deploy", "deploy.canary_command", command, "deploy.canary_timeout", timeout, dir);
  }

  @Test
  void aSucceedingCommandIsEvidenceRedactedAndACommandEventInTheLedger() throws IOException {
    Path script =
        script(
            "echo \"deploying $CUTOVER_RELEASE_TAG to $CUTOVER_NAMESPACE ($CUTOVER_ENV)\"\n"
                + "echo 'helm: password=hunter2 Authorization: Bearer abcdefghijklmnop'\n");
    LineContext context = LineContexts.at(dir, Map.of());
    LineReport.Builder report = context.report();

    boolean done =
        command(Optional.of(script.toString()), Duration.ofSeconds(10)).perform(context, report);

    assertThat(done).isTrue();
    LineReport judged = report.judged();
    assertThat(judged.passed()).isTrue();
    String output =
        judged.evidence().stream()
            .filter(e -> e.name().equals("canary deploy output (stdout and stderr, redacted)"))
            .findFirst()
            .orElseThrow()
            .text();
    assertThat(output)
        .contains("deploying v1.0.0-GA to intelgraph-maestro (prod)")
        .contains("password=[REDACTED:password]")
        .doesNotContain("hunter2")
        .doesNotContain("abcdefghijklmnop");
    LedgerEvent event = context.ledger().read().events(ConfiguredCommand.KIND).get(0);
    assertThat(event.subject()).isEqualTo("canary deploy");
    assertThat(event.ok()).isTrue();
    assertThat(event.at()).isEqualTo(LineContexts.NOW);
    assertThat(event.facts())
        .containsEntry("exit_code", "0")
        .containsKey("duration_ms")
        .containsEntry("status", "exited");
    assertThat(ConfiguredCommand.Run.all(context.ledger().read()))
        .singleElement()
        .satisfies(run -> assertThat(run.exitCode()).isZero());
  }

  @Test
  void aFailingCommandFailsTheLineWithItsExitCodeAndOutput() throws IOException {
    Path script =
        script(
            "echo 'Error: deployments.apps \"intelgraph-api-canary\" is forbidden' >&2\nexit 2\n");
    LineContext context = LineContexts.at(dir, Map.of());
    LineReport.Builder report = context.report();

    boolean done =
        command(Optional.of(script.toString()), Duration.ofSeconds(10)).perform(context, report);

    assertThat(done).isFalse();
    assertThat(report.judged().problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("canary deploy: `" + script + "` exited 2 after ")
        .contains(
            "(deploy.canary_command); its output says why: Error: deployments.apps \"intelgraph-api-canary\" is forbidden");
    assertThat(ConfiguredCommand.Run.all(context.ledger().read()))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.ok()).isFalse();
              assertThat(run.exitCode()).isEqualTo(2);
            });
  }

  @Test
  void aCommandPastItsTimeoutFailsNamingTheTimeoutKey() throws IOException {
    Path script = script("echo 'waiting for rollout'\nexec sleep 30\n");
    LineContext context = LineContexts.at(dir, Map.of());
    LineReport.Builder report = context.report();

    command(Optional.of(script.toString()), Duration.ofMillis(300)).perform(context, report);

    assertThat(report.judged().problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .isEqualTo(
            "canary deploy: `%s` did not finish within PT0.3S and was killed; find what it waited on in its output below, or raise deploy.canary_timeout"
                .formatted(script));
    assertThat(context.ledger().read().events(ConfiguredCommand.KIND).get(0).facts())
        .containsEntry("status", "timed_out")
        .containsEntry("exit_code", "-1");
  }

  @Test
  void notConfiguredInDriveModeNamesTheKeyAndNeverPasses() {
    LineContext context = LineContexts.at(dir, Map.of());
    LineReport.Builder report = context.report();

    assertThat(command(Optional.empty(), Duration.ofSeconds(1)).perform(context, report)).isFalse();

    LineReport judged = report.judged();
    assertThat(judged.status()).isEqualTo(LineReport.Status.NOT_CONFIGURED);
    assertThat(judged.problems().get(0))
        .contains("is in drive mode but has no deploy.canary_command");
    assertThat(context.ledger().read().events(ConfiguredCommand.KIND)).isEmpty();
  }

  @Test
  void observeModeRunsNothingAndSaysWhoseStepItIs() throws IOException {
    Path marker = dir.resolve("ran");
    Path script = script("touch " + marker + "\n");
    LineContext context = LineContexts.at(dir, Map.of("cutover.mode", "observe"));
    LineReport.Builder report = context.report();

    assertThat(
            command(Optional.of(script.toString()), Duration.ofSeconds(5)).perform(context, report))
        .isTrue();

    assertThat(marker).doesNotExist();
    assertThat(report.judged().evidence().get(0).text())
        .startsWith("observe mode: deploy.canary_command is not run by the suite");
    assertThat(context.ledger().read().events(ConfiguredCommand.KIND)).isEmpty();
  }
}
