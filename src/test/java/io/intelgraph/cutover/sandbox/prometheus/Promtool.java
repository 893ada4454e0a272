package io.intelgraph.cutover.sandbox.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Turns an OpenMetrics file into TSDB blocks with {@code promtool tsdb create-blocks-from
 * openmetrics}, so a test can start Prometheus on known history. promtool drops out-of-order
 * samples silently and needs the file to end with {@code # EOF}; the latter is checked here.
 */
final class Promtool {

  static final String BINARY_PROPERTY = "sandbox.promtool.binary";

  private Promtool() {}

  static void createBlocks(Path openMetrics, Path dataDir, Path logFile) {
    Path promtool =
        Binaries.find("promtool", BINARY_PROPERTY)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "backfilling %s needs promtool, which is neither on the PATH nor given with -D%s=PATH; install it with `sudo apt-get install -y prometheus`"
                            .formatted(openMetrics, BINARY_PROPERTY)));
    try {
      String content = Files.readString(openMetrics, StandardCharsets.UTF_8);
      if (!content.stripTrailing().endsWith("# EOF")) {
        throw new IllegalArgumentException(
            "OpenMetrics file %s does not end with `# EOF`; promtool rejects it. Append a final line `# EOF`"
                .formatted(openMetrics));
      }
      Process process =
          new ProcessBuilder(
                  promtool.toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  openMetrics.toString(),
                  dataDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      // days of history at a 15 s step take tens of seconds on two cores
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "promtool did not finish backfilling %s within 5 min; see %s"
                .formatted(openMetrics, logFile));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "promtool failed (exit %d) backfilling %s into %s:%n%s"
                .formatted(process.exitValue(), openMetrics, dataDir, LogTail.of(logFile, 20)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not backfill " + openMetrics + " with " + promtool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backfilling " + openMetrics, e);
    }
  }
}
