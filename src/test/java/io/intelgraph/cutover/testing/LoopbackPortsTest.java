package io.intelgraph.cutover.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void portsHandedOutAreDistinctFreeAndReservedForOtherJvmsToSee() throws Exception {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 100; i++) ports.add(LoopbackPorts.free());

    assertThat(ports).as("one hundred ports, none twice").hasSize(100);
    Path reservations = Path.of(System.getProperty("java.io.tmpdir"), "maestro-cutover-test-ports");
    for (int port : ports) {
      assertThat(reservations.resolve(port + ".lock")).exists();
    }
    int port = ports.iterator().next();
    try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(bound.getLocalPort()).as("a reserved port is still free to bind").isEqualTo(port);
    }
    assertThat(Files.isDirectory(reservations)).isTrue();
  }
}
