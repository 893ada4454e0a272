package io.intelgraph.cutover.sandbox.registry;

import io.intelgraph.cutover.testing.ChildProcess;
import io.intelgraph.cutover.testing.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real image registry of the sandbox: the Debian {@code docker-registry} binary (CNCF
 * Distribution 2.8) as a child process, storing in a directory of its own and listening on
 * 127.0.0.1 on an ephemeral port, plain HTTP. Installed by {@code ci/install-deps}; a missing
 * binary fails the sandbox's start with that fix (the cosign line needs a registry to mean
 * anything).
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start(workDir)) {
 *   registry.host(); // 127.0.0.1:41234, the host part of image references
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {

  /** Names an explicit binary instead of searching the PATH. */
  public static final String BINARY_PROPERTY = "sandbox.registry.binary";

  private static final String BINARY = "docker-registry";

  private final ChildProcess process;
  private final String host;

  private RegistryServer(ChildProcess process, String host) {
    this.process = process;
    this.host = host;
  }

  /**
   * Starts the registry with its storage under {@code workDir} and returns once {@code GET /v2/}
   * answers 200.
   */
  public static RegistryServer start(Path workDir, Duration readyTimeout) {
    Path binary = binary();
    try {
      Path root = Files.createDirectories(workDir.resolve("registry"));
      int port = LoopbackPorts.free();
      String host = "127.0.0.1:" + port;
      Path config =
          Files.writeString(
              root.resolve("config.yml"),
              """
          version: 0.1
          log:
            level: warn
            accesslog:
              disabled: true
          storage:
            filesystem:
              rootdirectory: %s
          http:
            addr: %s
          """
                  .formatted(root.resolve("data"), host));
      ChildProcess process =
          ChildProcess.start(
              BINARY,
              new ProcessBuilder(List.of(binary.toString(), "serve", config.toString())),
              root.resolve("registry.log"));
      RegistryServer server = new RegistryServer(process, host);
      server.awaitReady(readyTimeout);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the sandbox registry %s; check it runs: %s --version"
              .formatted(binary, binary),
          e);
    }
  }

  /** Closes the process and throws with the end of its log if it does not answer in time. */
  private void awaitReady(Duration timeout) {
    process.awaitHttpOk(timeout, baseUrl().resolve("/v2/"));
  }

  private static Path binary() {
    String explicit = System.getProperty(BINARY_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "-D%s=%s is not an executable file; point it at a docker-registry binary or remove it to search the PATH"
                .formatted(BINARY_PROPERTY, explicit));
      }
      return path;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, BINARY))) return Path.of(dir, BINARY);
    }
    throw new IllegalStateException(
        ("the sandbox needs a real image registry: `%s` is not on the PATH (%s); run ci/install-deps"
                + " (Debian/Ubuntu package docker-registry) or point -D%s at the binary")
            .formatted(BINARY, System.getenv("PATH"), BINARY_PROPERTY));
  }

  /** {@code 127.0.0.1:<port>}: the registry part of the sandbox's image references. */
  public String host() {
    return host;
  }

  public URI baseUrl() {
    return URI.create("http://" + host + "/");
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "docker-registry at " + baseUrl();
  }
}
