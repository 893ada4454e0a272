package io.intelgraph.cutover.sandbox.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configs the sandbox writes for the blackbox exporter and Alertmanager, checked by the Debian
 * packages' own checkers ({@code --config.check}, {@code amtool check-config}), so a typo fails
 * here in a second rather than as a sandbox that never becomes ready.
 */
class ExporterConfigsTest {

  @TempDir Path dir;

  @Test
  void alertmanagersConfigPassesAmtoolAndPagesTheSinkWithoutResolutions() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            Alertmanager.config(URI.create("http://127.0.0.1:4711/services/T0/B0/pagerduty")));

    String checked = run("amtool", "check-config", config.toString());

    assertThat(checked).contains("SUCCESS", "1 receivers");
    assertThat(Files.readString(config))
        .contains(
            "url: http://127.0.0.1:4711/services/T0/B0/pagerduty",
            "send_resolved: false",
            "group_wait: 1s",
            "repeat_interval: 5s");
  }

  @Test
  void blackboxConfigPassesTheExportersOwnCheck() throws Exception {
    Path config = Files.writeString(dir.resolve("blackbox.yml"), BlackboxExporter.CONFIG);

    String checked = run(BlackboxExporter.BINARY, "--config.check", "--config.file=" + config);

    assertThat(checked).contains("Config file is ok");
    assertThat(BlackboxExporter.CONFIG).contains("tcp_connect:", "prober: tcp");
  }

  /** Runs an installed tool; fails with its output unless it exits 0 within 10 s. */
  private static String run(String tool, String... arguments)
      throws IOException, InterruptedException {
    Path binary =
        Binaries.find(tool, "sandbox." + tool + ".binary")
            .orElseThrow(
                () ->
                    new AssertionError(
                        ("`%s` is not on the PATH; run ci/install-deps (Debian packages"
                                + " prometheus-alertmanager, prometheus-blackbox-exporter)")
                            .formatted(tool)));
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
    return output;
  }
}
