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
  void sectionsRunOutOfOrderAreTabledBySectionNumberEachInItsOwnOrder() throws Exception {
    Path doc = write("benchmarks.md", BEGIN + "\n" + END + "\n");
    Path rows =
        write(
            "rows.tsv",
            "1 gate evaluation\twarm\t17.8 ms\t\t\n"
                + "5 replay scale\tin-process\t1968 ms\t< 2 s\tmet\n"
                + "3 breach to rollback\tfloor\t11.5 s\t\t\n"
                + "7 wall time\tsection 5 replay scale (replay)\t40 s\t\t\n"
                + "6 compare with stable\thealthy canary judged RED\t0 of 21\tnone in 21\tmet\n"
                + "3 breach to rollback\tinjection -> RED\t10001 ms\t\t\n"
                + "7 wall time\tci/bench --quick, start to table\t341 s (5:41)\t< 6 min\tmet\n");

    Run run = run(Map.of("BENCH_DATE", "2026-12-07 01:00 UTC", "BENCH_MACHINE", "fake"), rows, doc);

    List<String> table =
        Files.readAllLines(doc).stream().filter(l -> l.matches("\\| \\d .*")).toList();
    assertThat(run.exit()).as("exit code; output: %s", run.output()).isZero();
    assertThat(table)
        .as("the table's rows: by section number, a section's rows as ci/bench gave them")
        .containsExactly(
            "| 1 gate evaluation | warm | 17.8 ms |  |  |",
            "| 3 breach to rollback | floor | 11.5 s |  |  |",
            "| 3 breach to rollback | injection -> RED | 10001 ms |  |  |",
            "| 5 replay scale | in-process | 1968 ms | < 2 s | met |",
            "| 6 compare with stable | healthy canary judged RED | 0 of 21 | none in 21 | met |",
            "| 7 wall time | section 5 replay scale (replay) | 40 s |  |  |",
            "| 7 wall time | ci/bench --quick, start to table | 341 s (5:41) | < 6 min | met |");
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
