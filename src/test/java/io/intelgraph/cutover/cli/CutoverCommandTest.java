package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage and configuration errors exit 3 and say what to fix, before any query is sent. */
class CutoverCommandTest {

  @TempDir Path directory;

  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = CutoverCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void aMissingConfigFileIsAConfigurationError() {
    String[] run = run("gates", "--config", directory.resolve("nope.yaml").toString());

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("nope.yaml: no such file");
  }

  @Test
  void anInvalidConfigNamesTheKey() throws Exception {
    Path config = directory.resolve("bad.yaml");
    Files.writeString(config, "name: bad\ngates:\n  api_p95:\n    threshold: fast\n");

    String[] run = run("gates", "--config", config.toString());

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("`gates.api_p95.threshold`", "fast");
  }

  @Test
  void anUnknownScopeIsAUsageError() {
    String[] run = run("gates", "--config", "x.yaml", "--scope", "blue");

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("'blue' is not a scope; use canary, stable or all");
  }

  @Test
  void aBadTimeOrStepIsAUsageError() {
    assertThat(run("gates", "--config", "x.yaml", "--at", "yesterday")[2]).contains("'yesterday' is not an ISO-8601 UTC time");
    String[] replay = run("replay", "--config", "x.yaml", "--from", "2026-11-27T14:00:00Z", "--to", "2026-11-27T15:00:00Z", "--step", "0m");
    assertThat(replay[0]).isEqualTo("3");
    assertThat(replay[2]).contains("'0m' is not a positive duration");
  }

  @Test
  void noSubcommandIsAUsageError() {
    String[] run = run();

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2]).contains("choose a subcommand: gates, replay, goldens, verify-evidence or rollback");
  }

  @Test
  void verifyEvidenceIsASubcommand() {
    String[] run = run("verify-evidence", "--bundle", directory.resolve("missing.zip").toString(),
        "--public-key", directory.resolve("missing.jwk.json").toString());

    assertThat(run[2]).doesNotContain("Unmatched argument").contains("verify-evidence: --bundle", "missing.zip: no such file");
    assertThat(run[0]).isNotEqualTo("0");
  }
}
