package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.EnvironmentLoader;
import io.intelgraph.cutover.support.JsonMappers;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Overlaps the one-time set-up a command that reads an environment and talks HTTP will need with
 * picocli's parsing, on a second core: the parse of the built-in defaults (the configuration is the
 * first thing such a command reads, the defaults its largest YAML, and the YAML parser runs cold on
 * them), Jackson's JSON initialisation and the JDK's default TLS context, which {@code
 * java.net.http.HttpClient} builds in its constructor even for {@code http://} (it loads the trust
 * store). Each is built once per JVM, so the command's own call finds it ready or waits for the
 * warm-up to finish it; nothing is done twice.
 *
 * <pre>{@code Warmup.startFor("gates");}</pre>
 */
final class Warmup {

  /** The subcommands that load an environment (YAML) and build an HTTP client. */
  static final Set<String> COMMANDS = Set.of("gates", "replay", "goldens", "rollback");

  private Warmup() {}

  /**
   * Starts the warm-up on a daemon thread if {@code subcommand} is one that benefits; returns at
   * once.
   */
  static void startFor(String subcommand) {
    if (!COMMANDS.contains(subcommand)) return;
    Thread thread = new Thread(Warmup::run, "maestro-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      EnvironmentLoader.preloadDefaults();
      JsonMappers.JSON.readTree("{\"status\":\"success\",\"data\":{\"result\":[]}}");
      SSLContext.getDefault();
    } catch (NoSuchAlgorithmException | RuntimeException ignored) {
      // the command's own call to the same thing fails in its place, with its context and message
    }
  }
}
