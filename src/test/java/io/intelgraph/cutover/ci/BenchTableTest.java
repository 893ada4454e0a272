package io.intelgraph.cutover.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ci/bench-table}, the part of {@code ci/bench} that writes docs/benchmarks.md, on fake
 * figures.
 */
class BenchTableTest {

  private static final String BEGIN = "<!-- ci/bench table: begin -->";
  private static final String END = "<!-- ci/bench table: end -->";

  @TempDir Path dir;

  private record Run(int exit, String output) {}

  @Test
  void theNewTableReplacesThePreviousOneAndTheProseStays() throws Exception {
    Path doc =
        write(
            "benchmarks.md",
            "# Benchmarks\n\nHow it is run.\n\n"
                + BEGIN
                + "\nRun on **2020-01-01**, machine: old.\n\n| section | measure | value | target | met? |\n"
                + "|---|---|---|---|---|\n| 1 gate evaluation | old row | 99 ms | | |\n"
                + END
                + "\n\n## How to read it\n\nThe prose after.\n");
    Path rows =
        write(
            "rows.tsv",
            "1 gate evaluation\twarm in-process (median of 20)\t17.8 ms\t\t\n"
                + "5 replay scale\tCLI cold JVM\t4647 ms\t< 2 s\tmissed\n"
                + "2 golden overhead\tquery `a|b`\t1 ms\t\t\n");

    Run run =
        run(
            Map.of("BENCH_DATE", "2026-12-07 01:00 UTC", "BENCH_MACHINE", "2 cores, Fake CPU"),
            rows,
            doc);

    String written = Files.readString(doc);
    assertThat(run.exit()).as("exit code; output: %s", run.output()).isZero();
    assertThat(written)
        .as("docs/benchmarks.md after ci/bench-table")
        .startsWith("# Benchmarks\n\nHow it is run.\n\n" + BEGIN + "\n")
        .contains("Run on **2026-12-07 01:00 UTC**, machine: 2 cores, Fake CPU.")
        .contains("| 1 gate evaluation | warm in-process (median of 20) | 17.8 ms |  |  |")
        .contains("| 5 replay scale | CLI cold JVM | 4647 ms | < 2 s | missed |")
        .contains("| 2 golden overhead | query `a\\|b` | 1 ms |  |  |")
        .doesNotContain("old row", "2020-01-01")
        .endsWith(END + "\n\n## How to read it\n\nThe prose after.\n");
    assertThat(run.output()).as("the table is printed too").contains("| 5 replay scale |");
  }

  @Test
  void theMachineIsMeasuredWithoutACommitHash() throws Exception {
    Path doc = write("benchmarks.md", BEGIN + "\n" + END + "\n");
    Path rows = write("rows.tsv", "1 gate evaluation\twarm\t17.8 ms\t\t\n");

    Run run = run(Map.of(), rows, doc);

    String header = Files.readAllLines(doc).get(1);
    assertThat(run.exit()).as("exit code; output: %s", run.output()).isZero();
    assertThat(header)
        .as("the date and machine line")
        .matches(
            "Run on \\*\\*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\*\\*, machine: \\d+ cores, .*")
        .contains(" RAM, ")
        .doesNotContainIgnoringCase("commit");
  }

  @Test
  void aDocumentWithoutTheMarkersIsLeftAloneAndTheFixNamed() throws Exception {
    String text = "# Benchmarks\n\nno markers here\n";
    Path doc = write("benchmarks.md", text);
    Path rows = write("rows.tsv", "1 gate evaluation\twarm\t17.8 ms\t\t\n");

    Run run = run(Map.of(), rows, doc);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.output())
        .contains(doc + " must hold the line '" + BEGIN + "' exactly once; put it back");
    assertThat(Files.readString(doc)).isEqualTo(text);
  }

  @Test
  void theRepositorysBenchmarksPageHasOneTableToReplace() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("docs/benchmarks.md"));
    assertThat(lines)
        .as("docs/benchmarks.md: ci/bench writes its table between these lines")
        .containsOnlyOnce(BEGIN, END);
    assertThat(lines.indexOf(BEGIN)).isLessThan(lines.indexOf(END));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Run run(Map<String, String> env, Path rows, Path doc) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "ci/bench-table", rows.toString(), doc.toString())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ci/bench-table finished").isTrue();
    return new Run(process.exitValue(), output);
  }
}
