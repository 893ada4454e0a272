package io.intelgraph.cutover.sandbox.prometheus;

import io.intelgraph.cutover.testing.ChildProcess;
import io.intelgraph.cutover.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A Prometheus-ecosystem server (Alertmanager, the blackbox exporter, the Pushgateway) as a child
 * process on a free 127.0.0.1 port: the Debian binary found on the PATH (or named by a system
 * property), its files and log in a directory of its own, started, and returned once its readiness
 * URL answers 200. The one way the sandbox starts them, so each names only its arguments.
 *
 * <pre>{@code
 * LoopbackChild child = LoopbackChild.start("pushgateway", binary, workDir.resolve("pushgateway"),
 *     (dir, port) -> List.of("--web.listen-address=127.0.0.1:" + port), "/-/ready", timeout);
 * }</pre>
 */
record LoopbackChild(ChildProcess process, URI baseUrl) {

  /**
   * The binary {@code name} ({@code -Dproperty} wins over the PATH), or an error naming the Debian
   * package that brings it and what the sandbox uses it for.
   */
  static Path binary(String name, String property, String debianPackage, String usedFor) {
    return Binaries.find(name, property)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    ("%s: `%s` is not on the PATH; run ci/install-deps (Debian/Ubuntu package"
                            + " %s) or point -D%s at the binary")
                        .formatted(usedFor, name, debianPackage, property)));
  }

  /**
   * Starts {@code binary} with the arguments {@code arguments(dir, port)} gives, its log {@code
   * <name>.log} in {@code dir}; returns once {@code readyPath} answers 200.
   */
  static LoopbackChild start(
      String name,
      Path binary,
      Path dir,
      BiFunction<Path, Integer, List<String>> arguments,
      String readyPath,
      Duration readyTimeout) {
    try {
      Files.createDirectories(dir);
      int port = LoopbackPorts.free();
      URI baseUrl = URI.create("http://127.0.0.1:" + port);
      List<String> command =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of(binary.toString()),
                  arguments.apply(dir, port).stream())
              .toList();
      ChildProcess process =
          ChildProcess.start(
              name, new ProcessBuilder(command), dir.resolve(name.replace(' ', '-') + ".log"));
      process.awaitHttpOk(readyTimeout, baseUrl.resolve(readyPath));
      return new LoopbackChild(process, baseUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start %s %s under %s; check it runs: %s --version"
              .formatted(name, binary, dir, binary),
          e);
    }
  }
}
