package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code prometheus} binary as a child process. Pausing sends SIGSTOP: the kernel still
 * accepts connections on the listening socket, but nothing answers, so clients see what an
 * overloaded or hung Prometheus looks like (a timeout); SIGCONT resumes it with its data intact. A
 * shutdown hook kills the child if the JVM exits without {@link Running#close()}.
 */
final class LocalProcessRuntime implements PrometheusRuntime {

  private final Path binary;

  LocalProcessRuntime(Path binary) {
    this.binary = binary;
  }

  @Override
  public String describe() {
    return binary.toString();
  }

  @Override
  public Running start(
      Path config, Path dataDir, int port, Path logFile, java.util.Optional<Path> webConfig) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary.toString(),
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + dataDir,
                "--storage.tsdb.retention.time=10y",
                "--web.enable-lifecycle"));
    webConfig.ifPresent(web -> command.add("--web.config.file=" + web));
    try {
      return new Child(ChildProcess.start("prometheus", new ProcessBuilder(command), logFile));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start %s; check it runs: %s --version".formatted(binary, binary), e);
    }
  }

  private static final class Child implements Running {
    private final ChildProcess process;
    private volatile boolean paused;

    Child(ChildProcess process) {
      this.process = process;
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void pause() {
      signal("STOP");
      // kill(1) returns once the signal is sent; each of Prometheus' threads stops when the kernel
      // next
      // schedules it. Return only when all have, so the next query cannot still be answered.
      org.awaitility.Awaitility.await(
              "every thread of prometheus pid %d stopped by SIGSTOP".formatted(process.pid()))
          .atMost(java.time.Duration.ofSeconds(5))
          .pollInterval(java.time.Duration.ofMillis(10))
          .until(this::allThreadsStopped);
      paused = true;
    }

    /**
     * True when every task of the process is in state T (stopped), per proc(5) {@code
     * /proc/PID/task/TID/stat}.
     */
    private boolean allThreadsStopped() {
      Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
      try (java.util.stream.Stream<Path> threads = java.nio.file.Files.list(tasks)) {
        return threads.allMatch(
            task -> {
              try {
                String stat = java.nio.file.Files.readString(task.resolve("stat"));
                // the state follows the command name, which is in parentheses and may contain
                // spaces
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                return state == 'T' || state == 't';
              } catch (IOException e) {
                return true; // the thread has exited
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the threads of prometheus pid " + process.pid() + " in " + tasks, e);
      }
    }

    @Override
    public void resume() {
      signal("CONT");
      paused = false;
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(process.pid());
    }

    private void signal(String name) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "cannot send SIG%s to prometheus pid %d: it has exited with %d"
                .formatted(name, process.pid(), process.exitValue()));
      }
      try {
        Process kill =
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
          throw new IllegalStateException(
              "`kill -%s %d` failed: %s"
                  .formatted(
                      name, process.pid(), new String(kill.getInputStream().readAllBytes())));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not run `kill -%s %d`; is procps/coreutils kill on the PATH?"
                .formatted(name, process.pid()),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while sending SIG" + name + " to prometheus", e);
      }
    }

    @Override
    public void close() {
      if (paused && process.isAlive()) {
        resume(); // a stopped process keeps SIGTERM pending; let it shut down cleanly
      }
      process.close();
    }
  }
}
