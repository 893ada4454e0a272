package io.intelgraph.cutover.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Starts and stops the sandbox N times (default 5) in one JVM and prints the median and worst
 * start-up time and the peak resident memory: this JVM's VmHWM plus the Prometheus child's VmHWM,
 * read just before each close. Targets: ready in under 15 s, under 1 GiB resident.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.intelgraph.cutover.sandbox.SandboxStartupBenchmark 5
 * </pre>
 */
public final class SandboxStartupBenchmark {

  private SandboxStartupBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<Long> millis = new ArrayList<>();
    long peakPrometheusKb = 0;
    for (int run = 1; run <= runs; run++) {
      long started = System.nanoTime();
      try (SandboxResource resource = SandboxResource.start(SandboxOptions.defaults(), 0)) {
        Sandbox sandbox = resource.sandbox();
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        millis.add(elapsed);
        long childKb =
            sandbox.prometheus().pid().isPresent()
                ? hwmKb(
                    Path.of(
                        "/proc", Long.toString(sandbox.prometheus().pid().getAsLong()), "status"))
                : 0;
        peakPrometheusKb = Math.max(peakPrometheusKb, childKb);
        System.out.printf(
            "run %d: ready in %d ms, prometheus VmHWM %d MiB%n", run, elapsed, childKb / 1024);
      }
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    long jvmKb = hwmKb(Path.of("/proc/self/status"));
    System.out.printf(
        "runs %d, start-up median %d ms (first %d ms, worst %d ms); peak RSS: JVM %d MiB + prometheus %d MiB = %d MiB%n",
        runs,
        sorted.get(sorted.size() / 2),
        millis.get(0),
        sorted.get(sorted.size() - 1),
        jvmKb / 1024,
        peakPrometheusKb / 1024,
        (jvmKb + peakPrometheusKb) / 1024);
  }

  private static long hwmKb(Path status) throws IOException {
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException(status + " has no VmHWM line; is this Linux?"));
  }
}
