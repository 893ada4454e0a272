package io.intelgraph.cutover.sandbox.prometheus;

import java.nio.file.Path;
import java.util.OptionalLong;

/** How a Prometheus server is run: a local child process or a container. */
interface PrometheusRuntime {

  /**
   * Starts Prometheus with {@code config} and {@code dataDir}, listening on 127.0.0.1:{@code port},
   * with {@code --web.config.file} when {@code webConfig} is given (a file beside {@code config}).
   */
  Running start(
      Path config, Path dataDir, int port, Path logFile, java.util.Optional<Path> webConfig);

  /** A human description for errors and logs, e.g. {@code /usr/bin/prometheus}. */
  String describe();

  /** One running server. */
  interface Running extends AutoCloseable {
    boolean isAlive();

    /** Freezes the server so HTTP requests hang and time out; reversible with {@link #resume()}. */
    void pause();

    void resume();

    /** The OS process id when it is a local child, for resident-memory figures. */
    OptionalLong pid();

    @Override
    void close();
  }
}
