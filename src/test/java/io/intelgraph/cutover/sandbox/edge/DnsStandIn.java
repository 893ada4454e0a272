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
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Stand-in for the public DNS zone (no real resolver is reachable here): a UDP server on loopback,
 * authoritative for the public host's parent zone, that answers A queries for the public host with
 * the load balancer's address and a configured TTL. Negative answers are as RFC 2308 has them: the
 * host's other types (or its A record once {@link #withdrawAddress() withdrawn}) get NOERROR with
 * an empty answer, any other name NXDOMAIN, both with the zone's SOA in the authority section.
 * Messages are real DNS wire format (dnsjava), so the preflight probe is the same code that asks
 * production resolvers.
 */
public final class DnsStandIn implements AutoCloseable {

  private static final long NEGATIVE_TTL = 300;

  private final DatagramSocket socket;
  private final Name host;
  private final InetAddress address;
  private final Name zone;
  private volatile Duration ttl;
  private volatile boolean addressed = true;
  private final Thread loop;

  public DnsStandIn(String publicHost, InetAddress address, Duration ttl) throws IOException {
    this.host = Name.fromString(publicHost.endsWith(".") ? publicHost : publicHost + ".");
    this.address = address;
    this.zone = host.labels() > 2 ? new Name(host, 1) : host;
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

  /**
   * Changes the TTL served from now on, e.g. to prove the preflight catches a slow-failover zone.
   */
  public void ttl(Duration ttl) {
    this.ttl = ttl;
  }

  /** Removes the host's A record (the name stays): from now on an A query gets an empty answer. */
  public void withdrawAddress() {
    this.addressed = false;
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
    if (question.getName().equals(host) && question.getType() == Type.A && addressed) {
      response.addRecord(new ARecord(host, DClass.IN, ttl.toSeconds(), address), Section.ANSWER);
    } else {
      if (!question.getName().equals(host)) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      // the negative answer's TTL is the SOA's minimum (RFC 2308 section 3)
      response.addRecord(
          new SOARecord(
              zone,
              DClass.IN,
              NEGATIVE_TTL,
              new Name("ns1", zone),
              new Name("hostmaster", zone),
              2026112701L,
              7200,
              900,
              1209600,
              NEGATIVE_TTL),
          Section.AUTHORITY);
    }
    return response.toWire();
  }

  @Override
  public void close() {
    socket.close();
  }
}
