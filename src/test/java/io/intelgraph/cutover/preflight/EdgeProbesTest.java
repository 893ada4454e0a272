package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.sandbox.edge.DnsStandIn;
import io.intelgraph.cutover.sandbox.edge.TlsEdge;
import io.undertow.Undertow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNS and TLS probes against the sandbox's real-protocol stand-ins for the zone and the load balancer. */
class EdgeProbesTest {

  private static final String HOST = "maestro.intelgraph.ai";
  private static Undertow upstream;
  private static TlsEdge edge;
  private static DnsStandIn dns;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    upstream = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(exchange -> exchange.getResponseSender().send("{\"status\":\"ok\"}")).build();
    upstream.start();
    int port = ((InetSocketAddress) upstream.getListenerInfo().get(0).getAddress()).getPort();
    edge = new TlsEdge(HOST, URI.create("http://127.0.0.1:" + port), Duration.ofDays(90), dir);
    dns = new DnsStandIn(HOST, InetAddress.getLoopbackAddress(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    dns.close();
    edge.close();
    upstream.stop();
  }

  @Test
  void dnsAnswersThePublicHostWithItsTtl() {
    DnsProbe.Resolution resolution = new DnsProbe(Optional.of(dns.resolverAddress()), Duration.ofSeconds(2)).resolve(HOST);

    assertThat(resolution.addresses()).containsExactly("127.0.0.1");
    assertThat(resolution.maxTtl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anUnknownNameIsNxdomainWithTheFix() {
    assertThatThrownBy(() -> new DnsProbe(Optional.of(dns.resolverAddress()), Duration.ofSeconds(2)).resolve("nope.intelgraph.ai"))
        .hasMessageStartingWith("DNS NXDOMAIN for nope.intelgraph.ai from resolver 127.0.0.1:");
  }

  @Test
  void aSilentResolverFailsWithinItsBound() throws Exception {
    try (var silent = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> new DnsProbe(Optional.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(500)).resolve(HOST))
          .hasMessageContaining("failed within 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void tlsShowsTheCertificateExpiryAndTheSecurityHeaders() {
    TlsProbe.TlsReport report = new TlsProbe(Optional.of(edge.caPem()), Duration.ofSeconds(3), Clock.systemUTC())
        .inspect(edge.url(), HOST);

    assertThat(report.subject()).isEqualTo("CN=" + HOST);
    assertThat(report.remaining()).isBetween(Duration.ofDays(89), Duration.ofDays(90));
    assertThat(report.header("strict-transport-security")).hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
    assertThat(report.header("x-content-type-options")).contains("nosniff");
  }

  @Test
  void anUntrustedChainFailsTheHandshakeWithTheReason() {
    assertThatThrownBy(() -> new TlsProbe(Optional.empty(), Duration.ofSeconds(3), Clock.systemUTC()).inspect(edge.url(), HOST))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:")
        .hasMessageContaining("the certificate chain or name is not valid for clients");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    assertThatThrownBy(() -> new TlsProbe(Optional.of(edge.caPem()), Duration.ofSeconds(3), Clock.systemUTC())
        .inspect(edge.url(), "evil.example.com"))
        .hasMessageContaining("as evil.example.com failed");
  }

  @Test
  void aBlackholedEndpointFailsWithinItsBound() throws Exception {
    try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> new TlsProbe(Optional.of(edge.caPem()), Duration.ofMillis(500), Clock.systemUTC())
          .inspect(URI.create("https://127.0.0.1:" + blackhole.getLocalPort()), HOST))
          .isInstanceOf(PreflightException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
