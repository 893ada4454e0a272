package io.intelgraph.cutover.sandbox.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Runs {@code prom/prometheus} in a container on the host network, so it listens on the same
 * 127.0.0.1 port and reaches the sandbox's loopback targets. Pausing uses {@code docker pause}.
 * Backfilled blocks are copied into the container's data directory before start.
 */
final class ContainerRuntime implements PrometheusRuntime {

  static final String IMAGE_PROPERTY = "sandbox.prometheus.image";
  private static final String DEFAULT_IMAGE = "prom/prometheus:v2.53.4";

  private final DockerImageName image =
      DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));

  @Override
  public String describe() {
    return "container " + image;
  }

  @Override
  @SuppressWarnings("resource") // closed by Running.close()
  public Running start(
      Path config, Path dataDir, int port, Path logFile, java.util.Optional<Path> webConfig) {
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                "--config.file=/etc/prometheus-sandbox/" + config.getFileName(),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=/prometheus",
                "--storage.tsdb.retention.time=10y",
                "--web.enable-lifecycle"));
    // beside the config, so the same bind mount carries it and the files it names relatively
    webConfig.ifPresent(
        web -> command.add("--web.config.file=/etc/prometheus-sandbox/" + web.getFileName()));
    GenericContainer<?> container =
        new GenericContainer<>(image)
            .withNetworkMode("host")
            // a bind mount, not a copy: PrometheusServer.reconfigure rewrites the file and reloads
            .withFileSystemBind(
                config.getParent().toString(), "/etc/prometheus-sandbox", BindMode.READ_ONLY)
            .withCommand(command.toArray(String[]::new))
            .withLogConsumer(frame -> append(logFile, frame.getUtf8String()));
    try (Stream<Path> blocks = Files.list(dataDir)) {
      blocks
          .filter(Files::isDirectory)
          .forEach(
              block ->
                  container.withCopyFileToContainer(
                      MountableFile.forHostPath(block, 0755),
                      "/prometheus/" + block.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list backfilled blocks in " + dataDir, e);
    }
    container.start();
    return new Running() {
      private volatile boolean paused;

      @Override
      public boolean isAlive() {
        return container.isRunning();
      }

      @Override
      public void pause() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
        paused = true;
      }

      @Override
      public void resume() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
        paused = false;
      }

      @Override
      public OptionalLong pid() {
        return OptionalLong.empty();
      }

      @Override
      public void close() {
        if (paused) {
          resume();
        }
        container.stop();
      }
    };
  }

  private static void append(Path logFile, String line) {
    try {
      Files.writeString(
          logFile,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to prometheus log " + logFile, e);
    }
  }
}
