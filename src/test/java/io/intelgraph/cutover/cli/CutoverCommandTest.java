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
    assertThat(run("gates", "--config", "x.yaml", "--at", "yesterday")[2])
        .contains("'yesterday' is not an ISO-8601 UTC time");
    String[] replay =
        run(
            "replay",
            "--config",
            "x.yaml",
            "--from",
            "2026-11-27T14:00:00Z",
            "--to",
            "2026-11-27T15:00:00Z",
            "--step",
            "0m");
    assertThat(replay[0]).isEqualTo("3");
    assertThat(replay[2]).contains("'0m' is not a positive duration");
  }

  Path minimalConfig() throws Exception {
    Path config = directory.resolve("env.yaml");
    Files.writeString(
        config,
        """
        name: env
        endpoints: {api: "http://127.0.0.1:1", public_host: h.example, prometheus: "http://127.0.0.1:1",
          oidc_issuer: "http://127.0.0.1:1/i", opa: "http://127.0.0.1:1", cost: "http://127.0.0.1:1"}
        cluster: {namespace: ns, ingress: ing, routing_action: w, stable_service: a, canary_service: b,
          stable_deployment: a, canary_deployment: b}
        release: {tag: v1, runbook: "https://example.invalid/runbook"}
        ledger: {store: file}
        """);
    return config;
  }

  @Test
  void aBaselineOfAnUnknownGateOrInTheWrongUnitIsAUsageError() throws Exception {
    String config = minimalConfig().toString();

    String[] unknown = run("gates", "--config", config, "--baseline", "api_p59=210ms");
    String[] wrongUnit = run("gates", "--config", config, "--baseline", "api_p95=2%");
    String[] notANumber =
        run(
            "replay",
            "--config",
            config,
            "--from",
            "2026-11-27T14:00:00Z",
            "--to",
            "2026-11-27T15:00:00Z",
            "--baseline",
            "api_p95=fast");

    assertThat(unknown[0]).isEqualTo("3");
    assertThat(unknown[2])
        .contains(
            "--baseline api_p59=210ms: environment env has no gate api_p59; its gates are [",
            "api_p95");
    assertThat(wrongUnit[0]).isEqualTo("3");
    assertThat(wrongUnit[2])
        .contains(
            "--baseline api_p95=2%: the unit is RATIO, but gate api_p95 is measured in SECONDS (threshold <= 350 ms)");
    assertThat(notANumber[0]).isEqualTo("3");
    assertThat(notANumber[2])
        .contains(
            "--baseline api_p95=fast: 'fast' is not a number with an optional unit; give e.g. api_p95=210ms");
  }

  @Test
  void aMissingOrForeignLedgerFileIsAUsageError() throws Exception {
    String config = minimalConfig().toString();
    Path foreign = directory.resolve("foreign.json");
    Files.writeString(foreign, "{\"hello\": 1}");

    String[] missing =
        run("gates", "--config", config, "--ledger", directory.resolve("none.json").toString());
    String[] notALedger = run("gates", "--config", config, "--ledger", foreign.toString());

    assertThat(missing[0]).isEqualTo("3");
    assertThat(missing[2])
        .contains("none.json: no such file; give the ledger the cutover wrote (ledger.path");
    assertThat(notALedger[0]).isEqualTo("3");
    assertThat(notALedger[2]).contains("--ledger ledger ", "is not a maestro-cutover ledger");
  }

  @Test
  void noSubcommandIsAUsageError() {
    String[] run = run();

    assertThat(run[0]).isEqualTo("3");
    assertThat(run[2])
        .contains("choose a subcommand: gates, replay, goldens, verify-evidence or rollback");
  }

  @Test
  void verifyEvidenceIsASubcommand() {
    String[] run =
        run(
            "verify-evidence",
            "--bundle",
            directory.resolve("missing.zip").toString(),
            "--public-key",
            directory.resolve("missing.jwk.json").toString());

    assertThat(run[2])
        .doesNotContain("Unmatched argument")
        .contains("verify-evidence: --bundle", "missing.zip: no such file");
    assertThat(run[0]).isNotEqualTo("0");
  }
}
