package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The databases and their blackbox probes, for the availability gate: one TCP listener per database
 * (Neo4j's Bolt and PostgreSQL's port, accepting and closing connections), and a
 * blackbox-exporter-like endpoint per database, {@code GET /probe/<database>}, that really opens a
 * TCP connection to it and answers in the exporter's format
 * (https://github.com/prometheus/blackbox_exporter, module {@code tcp_connect}): {@code
 * probe_success} 1 or 0 and {@code probe_duration_seconds}. Under {@code database-down} the
 * PostgreSQL listener is closed, so its probe fails for real; any other fault reopens it.
 *
 * <pre>
 * {@code try (DatabaseProbeStandIn databases = DatabaseProbeStandIn.start(faults)) { databases.probeUrls(); }}
 * </pre>
 */
public final class DatabaseProbeStandIn implements AutoCloseable {

  /** The database the {@code database-down} fault takes down. */
  public static final String FAILING_DATABASE = "postgres";

  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  private final Map<String, Listener> databases = new LinkedHashMap<>();
  private final FaultSwitch.Subscription subscription;
  private final StandInServer server;

  private DatabaseProbeStandIn(FaultSwitch faults) {
    databases.put("neo4j", new Listener());
    databases.put(FAILING_DATABASE, new Listener());
    this.server =
        new StandInServer(
            "database-probes",
            Map.of(
                "/probe/",
                request -> {
                  String database = request.path().substring("/probe/".length());
                  Listener listener = databases.get(database);
                  if (listener == null) {
                    return new StandInServer.Response(
                        404,
                        "text/plain",
                        "no database '%s'; probes: %s%n".formatted(database, databases.keySet()));
                  }
                  return new StandInServer.Response(
                      200, "text/plain; version=0.0.4; charset=utf-8", probe(listener.port));
                }));
    this.subscription =
        faults.onChange(
            active -> databases.get(FAILING_DATABASE).setUp(active.fault() != Fault.DATABASE_DOWN));
  }

  public static DatabaseProbeStandIn start(FaultSwitch faults) {
    return new DatabaseProbeStandIn(faults);
  }

  /** Per database, the URL Prometheus scrapes for its probe. */
  public Map<String, URI> probeUrls() {
    Map<String, URI> urls = new LinkedHashMap<>();
    databases.keySet().forEach(name -> urls.put(name, server.baseUrl().resolve("/probe/" + name)));
    return urls;
  }

  static String probe(int port) {
    long started = System.nanoTime();
    boolean success;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) PROBE_TIMEOUT.toMillis());
      success = true;
    } catch (IOException ignored) {
      success = false; // the probe's answer is the failure itself, as the blackbox exporter's is
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return """
        # HELP probe_success Displays whether or not the probe was a success
        # TYPE probe_success gauge
        probe_success %d
        # HELP probe_duration_seconds Returns how long the probe took to complete in seconds
        # TYPE probe_duration_seconds gauge
        probe_duration_seconds %s
        """
        .formatted(success ? 1 : 0, String.format(Locale.ROOT, "%.6f", seconds));
  }

  @Override
  public void close() {
    subscription.close();
    try {
      server.close();
    } finally {
      databases.values().forEach(Listener::close);
    }
  }

  /** A port that accepts connections while up; keeps its number across down and up. */
  private static final class Listener {
    private final int port;
    private ServerSocket socket;
    private Thread acceptor;

    Listener() {
      open(0);
      this.port = socket.getLocalPort();
    }

    synchronized void setUp(boolean up) {
      if (up && socket == null) open(port);
      if (!up && socket != null) close();
    }

    private synchronized void open(int at) {
      try {
        ServerSocket opened = new ServerSocket();
        opened.setReuseAddress(true);
        opened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
        socket = opened;
        acceptor =
            new Thread(
                () -> {
                  while (!opened.isClosed()) {
                    try (Socket ignored = opened.accept()) {
                      // a probe only needs the handshake; the connection closes at once
                    } catch (IOException closed) {
                      return; // the listener was closed: the database is down
                    }
                  }
                },
                "database-stand-in-" + opened.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not listen on 127.0.0.1:%d for a database stand-in".formatted(at), e);
      }
    }

    synchronized void close() {
      if (socket == null) return;
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException("could not close the database stand-in on port " + port, e);
      } finally {
        socket = null;
      }
    }
  }
}
