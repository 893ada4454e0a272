package io.intelgraph.cutover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command run to its end and timed: its exit code, its output (stdout and stderr together) and
 * its wall time.
 */
public record TimedProcess(int exit, String output, double millis) {

  /**
   * Runs {@code command} with {@code env} added to this process's environment; fails if it outlives
   * {@code timeoutSeconds}.
   */
  public static TimedProcess run(List<String> command, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    long began = System.nanoTime();
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "%s did not finish within %d s".formatted(command.get(0), timeoutSeconds));
    }
    double millis = (System.nanoTime() - began) / 1e6;
    return new TimedProcess(
        process.exitValue(), new String(output, StandardCharsets.UTF_8), millis);
  }
}
