package io.intelgraph.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for the servers the tests start on loopback. */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /**
   * A port free on 127.0.0.1 now: the operating system picks it, the socket is closed at once, and
   * the caller's server binds it next.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
    }
  }
}
