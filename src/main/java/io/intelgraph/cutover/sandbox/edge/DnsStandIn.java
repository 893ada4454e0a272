package io.intelgraph.cutover.sandbox.edge;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Stand-in for the public DNS zone (no real resolver is reachable here): a UDP server on loopback that
 * answers A queries for the public host with the load balancer's address and a configured TTL, and
 * NXDOMAIN for anything else. Messages are real DNS wire format (dnsjava), so the preflight probe
 * is the same code that asks production resolvers.
 */
public final class DnsStandIn implements AutoCloseable {

  private final DatagramSocket socket;
  private final Name host;
  private final InetAddress address;
  private volatile Duration ttl;
  private final Thread loop;

  public DnsStandIn(String publicHost, InetAddress address, Duration ttl) throws IOException {
    this.host = Name.fromString(publicHost.endsWith(".") ? publicHost : publicHost + ".");
    this.address = address;
    this.ttl = ttl;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.loop = new Thread(this::serve, "dns-stand-in");
    loop.setDaemon(true);
    loop.start();
  }

  /** {@code 127.0.0.1:port}, the form {@code preflight.dns_resolver} takes. */
  public String resolverAddress() {
    return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
  }

  /** Changes the TTL served from now on, e.g. to prove the preflight catches a slow-failover zone. */
  public void ttl(Duration ttl) {
    this.ttl = ttl;
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        byte[] answer = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (SocketException closed) {
        return;
      } catch (IOException malformed) {
        // a malformed query gets no answer, as a real server would drop it; keep serving others
      }
    }
  }

  private byte[] answer(byte[] query) throws IOException {
    Message request = new Message(query);
    Message response = new Message(request.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    Record question = request.getQuestion();
    response.addRecord(question, Section.QUESTION);
    if (question.getName().equals(host) && question.getType() == Type.A) {
      response.addRecord(new ARecord(host, DClass.IN, ttl.toSeconds(), address), Section.ANSWER);
    } else {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return response.toWire();
  }

  @Override
  public void close() {
    socket.close();
  }
}
