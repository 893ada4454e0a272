package io.intelgraph.cutover.sandbox.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Neo4j's Bolt port, for the blackbox exporter's {@code tcp_connect} probe of the graph database: a
 * TCP listener on 127.0.0.1 that accepts connections and closes them (the probe needs only the
 * handshake; the sandbox has no Neo4j server, its metrics are {@link PlatformExportersStandIn}'s).
 *
 * <pre>
 * {@code try (Neo4jBoltStandIn bolt = Neo4jBoltStandIn.start()) { bolt.address(); }}
 * </pre>
 */
public final class Neo4jBoltStandIn implements AutoCloseable {

  private final ServerSocket socket;

  private Neo4jBoltStandIn(ServerSocket socket) {
    this.socket = socket;
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket ignored = socket.accept()) {
                  // a probe only needs the handshake; the connection closes at once
                } catch (IOException closed) {
                  return; // the listener was closed with the sandbox
                }
              }
            },
            "neo4j-bolt-stand-in-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static Neo4jBoltStandIn start() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return new Neo4jBoltStandIn(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not listen on 127.0.0.1 for the Neo4j Bolt stand-in: " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:<port>}, what the probe connects to. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not close the Neo4j Bolt stand-in " + address(), e);
    }
  }

  @Override
  public String toString() {
    return "Neo4j Bolt stand-in at " + address();
  }
}
