package io.intelgraph.cutover.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A server a test runs as a child process: its output (stdout and stderr) appended to a log file
 * that failures quote, killed by a shutdown hook if the JVM exits first, and on {@link #close()}
 * stopped with SIGTERM (then SIGKILL after 10 s), with every process it started.
 *
 * <pre>{@code
 * try (ChildProcess registry = ChildProcess.start("registry", new ProcessBuilder(cmd), log)) {
 *   registry.awaitReady(Duration.ofSeconds(15), "GET /v2/ answering 200", () -> get(probe) == 200);
 * }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread killOnExit;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.killOnExit = new Thread(this::kill, name + "-kill-on-exit-" + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts {@code command} (its directory and environment as set on it) with its output appended to
   * {@code log}.
   */
  public static ChildProcess start(String name, ProcessBuilder command, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        command
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ChildProcess(name, process, log);
  }

  /**
   * Waits until {@code ready} answers true (exceptions count as not yet), failing at once if the
   * process exits; on failure closes it and throws with the end of its log.
   */
  public ChildProcess awaitReady(Duration timeout, String what, Callable<Boolean> ready) {
    try {
      await(name + " " + what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .failFast(name + " exited", () -> !process.isAlive())
          .until(ready);
      return this;
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      close();
      throw new IllegalStateException(
          "%s (pid %d) was not %s within %s; %s".formatted(name, pid(), what, timeout, tail()), e);
    }
  }

  /**
   * Waits until {@code GET url} answers 200 (a server's readiness or health endpoint), as {@link
   * #awaitReady}.
   */
  public ChildProcess awaitHttpOk(Duration timeout, URI url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    return awaitReady(
        timeout,
        "answering GET " + url + " with 200",
        () ->
            http.send(
                        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200);
  }

  /**
   * Waits for the process to exit on its own; fails with the end of its log after {@code bound}.
   */
  public void awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "%s (pid %d) still running after %s; %s".formatted(name, pid(), bound, tail()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
    }
  }

  /** The exit code; only once the process has exited. */
  public int exitValue() {
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Everything the process wrote so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of %s in %s".formatted(name, log), e);
    }
  }

  /** The last 30 lines of its output, for a failure message. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return name
          + " output ("
          + log
          + ") ends:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return name + " output unreadable (" + log + "): " + e.getMessage();
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** SIGTERM to the process and what it started; SIGKILL if it is not gone within 10 s. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down: the hook runs and finds the process gone
    }
  }
}
