package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What keeps the command line's cold start short: one subcommand's model per run, a timings line on
 * request, a training run that works.
 */
class CommandLineStartupTest {

  @TempDir Path directory;

  private static final PrintWriter DISCARD = new PrintWriter(new StringWriter());

  @AfterEach
  void timingsOff() {
    System.clearProperty(StartupTimings.PROPERTY);
  }

  @Test
  void aRunBuildsOnlyTheSubcommandItNames() {
    CommandLine line = CutoverCommand.commandLine(DISCARD, DISCARD, "gates", "--config", "x.yaml");

    assertThat(line.getSubcommands()).containsOnlyKeys("gates");
  }

  @Test
  void helpNoSubcommandOrAnUnknownOneGetsEverySubcommand() {
    String[] every = CutoverCommand.SUBCOMMANDS.keySet().toArray(String[]::new);

    assertThat(CutoverCommand.commandLine(DISCARD, DISCARD).getSubcommands())
        .containsOnlyKeys(every);
    assertThat(CutoverCommand.commandLine(DISCARD, DISCARD, "--help").getSubcommands())
        .containsOnlyKeys(every);
    assertThat(CutoverCommand.commandLine(DISCARD, DISCARD, "help", "gates").getSubcommands())
        .containsOnlyKeys(every);
    String[] typo = CutoverCommandTest.run("gatez");
    assertThat(typo[0]).isEqualTo("3");
    assertThat(typo[2])
        .contains(
            "Unmatched argument at index 0: 'gatez'", "gates ", "approve ", "verify-evidence ");
  }

  @Test
  void everySubcommandIsRegisteredUnderTheNameItsAnnotationGives() {
    CutoverCommand.SUBCOMMANDS.forEach(
        (name, command) ->
            assertThat(new CommandLine(command.get()).getCommandName())
                .as("subcommand registered as %s", name)
                .isEqualTo(name));
  }

  @Test
  void theTimingsLineGivesEachLapAndTheTotalWhenAsked() throws Exception {
    System.setProperty(StartupTimings.PROPERTY, "true");
    Path config = directory.resolve("env.yaml");
    // nothing listens on port 1: every query fails fast, and the run still goes through every lap
    Files.writeString(config, "endpoints:\n  prometheus: http://127.0.0.1:1\n");

    String[] run = CutoverCommandTest.run("gates", "--config", config.toString());

    assertThat(run[2])
        .containsPattern(
            "(?m)^timings ms: cli=\\d+ config=\\d+ http_client=\\d+ queries=\\d+ output=\\d+ total=\\d+$");
    assertThat(run[1]).doesNotContain("timings");
  }

  @Test
  void noTimingsLineUnlessAsked() {
    String[] run =
        CutoverCommandTest.run("gates", "--config", directory.resolve("missing.yaml").toString());

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("missing.yaml: no such file").doesNotContain("timings");
  }

  @Test
  void theTrainingRunCompletesEveryCommandItTrains() throws Exception {
    // the build only warns when training fails (the launcher then starts slower): this test is what
    // fails
    CdsTraining.main(new String[0]);
  }
}
