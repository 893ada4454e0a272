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

/**
 * The DNS and TLS probes against the sandbox's real-protocol stand-ins for the zone and the load
 * balancer.
 */
class EdgeProbesTest {

  private static final String HOST = "maestro.intelgraph.ai";
  private static Undertow upstream;
  private static TlsEdge edge;
  private static DnsStandIn dns;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    upstream =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(exchange -> exchange.getResponseSender().send("{\"status\":\"ok\"}"))
            .build();
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
    DnsProbe.Resolution resolution =
        new DnsProbe(Optional.of(dns.resolverAddress()), Duration.ofSeconds(2)).resolve(HOST);

    assertThat(resolution.problem()).isEmpty();
    assertThat(resolution.addresses()).containsExactly("127.0.0.1");
    assertThat(resolution.maxTtl()).contains(Duration.ofSeconds(60));
    assertThat(resolution.ttlProblem(Duration.ofSeconds(300))).isEmpty();
    assertThat(resolution.describe())
        .isEqualTo(
            "A %s from resolver %s: NOERROR; answer: [%s. A 60s 127.0.0.1]; authority: (none)"
                .formatted(HOST, dns.resolverAddress(), HOST));
  }

  @Test
  void aTtlAboveTheLimitFailsWithTheLongestTtlSeen() {
    DnsProbe.Resolution resolution =
        new DnsProbe(Optional.of(dns.resolverAddress()), Duration.ofSeconds(2)).resolve(HOST);

    assertThat(resolution.ttlProblem(Duration.ofSeconds(30)))
        .contains(
            "longest TTL seen is 60 s, above 30 s: clients may cache the old address that long after a failover; lower the record's TTL");
  }

  @Test
  void anUnknownNameIsNxdomainListingTheZonesSoaAndHasNoTtlToPass() {
    DnsProbe.Resolution resolution =
        new DnsProbe(Optional.of(dns.resolverAddress()), Duration.ofSeconds(2))
            .resolve("nope.intelgraph.ai");

    assertThat(resolution.problem())
        .contains("NXDOMAIN: the name does not exist; create the record in the public zone");
    assertThat(resolution.maxTtl()).isEmpty();
    assertThat(resolution.ttlProblem(Duration.ofSeconds(300)))
        .hasValueSatisfying(p -> assertThat(p).startsWith("no TTL to judge: NXDOMAIN"));
    assertThat(resolution.describe())
        .startsWith(
            "A nope.intelgraph.ai from resolver %s: NXDOMAIN; answer: (none); authority: [intelgraph.ai. SOA 300s ns1.intelgraph.ai. hostmaster.intelgraph.ai. 2026112701"
                .formatted(dns.resolverAddress()));
  }

  @Test
  void anEmptyAnswerIsNoResolutionAndNoTtlOfZero() throws Exception {
    try (DnsStandIn withdrawn =
        new DnsStandIn(HOST, InetAddress.getLoopbackAddress(), Duration.ofSeconds(60))) {
      withdrawn.withdrawAddress();

      DnsProbe.Resolution resolution =
          new DnsProbe(Optional.of(withdrawn.resolverAddress()), Duration.ofSeconds(2))
              .resolve(HOST);

      assertThat(resolution.problem())
          .contains(
              "empty answer (NOERROR, no records): the name exists but has no A record; point it at the load balancer");
      assertThat(resolution.ttlProblem(Duration.ofSeconds(300)))
          .hasValueSatisfying(p -> assertThat(p).startsWith("no TTL to judge: empty answer"));
      assertThat(resolution.describe())
          .contains(": NOERROR; answer: (none); authority: [intelgraph.ai. SOA 300s");
    }
  }

  @Test
  void aServfailIsNoResolution() {
    DnsProbe.Resolution servfail =
        new DnsProbe.Resolution(
            HOST, "resolver 10.0.0.2:53", "SERVFAIL", java.util.List.of(), java.util.List.of());

    assertThat(servfail.problem())
        .contains("SERVFAIL: the resolver could not answer; check the zone's name servers");
    assertThat(servfail.ttlProblem(Duration.ofSeconds(300))).isPresent();
  }

  @Test
  void anAnswerWithoutAddressRecordsIsNoResolution() {
    DnsProbe.Resolution onlyText =
        new DnsProbe.Resolution(
            HOST,
            "resolver 10.0.0.2:53",
            "NOERROR",
            java.util.List.of(
                new DnsProbe.Answer(HOST + ".", "TXT", Duration.ofSeconds(30), "\"v=spf1 -all\"")),
            java.util.List.of());

    assertThat(onlyText.problem())
        .contains("no A, AAAA or CNAME record in the answer; point the name at the load balancer");
    assertThat(onlyText.describe())
        .contains("answer: [maestro.intelgraph.ai. TXT 30s \"v=spf1 -all\"]");
  }

  @Test
  void aSilentResolverFailsWithinItsBound() throws Exception {
    try (var silent = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  new DnsProbe(
                          Optional.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(500))
                      .resolve(HOST))
          .hasMessageContaining("failed within 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void tlsShowsTheCertificateExpiryAndTheSecurityHeaders() {
    TlsProbe.TlsReport report =
        new TlsProbe(Optional.of(edge.caPem()), Duration.ofSeconds(3), Clock.systemUTC())
            .inspect(edge.url(), HOST);

    assertThat(report.subject()).isEqualTo("CN=" + HOST);
    assertThat(report.remaining()).isBetween(Duration.ofDays(89), Duration.ofDays(90));
    assertThat(report.header("strict-transport-security"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
    assertThat(report.header("x-content-type-options")).contains("nosniff");
  }

  @Test
  void anUntrustedChainFailsTheHandshakeWithTheReason() {
    assertThatThrownBy(
            () ->
                new TlsProbe(Optional.empty(), Duration.ofSeconds(3), Clock.systemUTC())
                    .inspect(edge.url(), HOST))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:")
        .hasMessageContaining("the certificate chain or name is not valid for clients");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    assertThatThrownBy(
            () ->
                new TlsProbe(Optional.of(edge.caPem()), Duration.ofSeconds(3), Clock.systemUTC())
                    .inspect(edge.url(), "evil.example.com"))
        .hasMessageContaining("as evil.example.com failed");
  }

  @Test
  void aBlackholedEndpointFailsWithinItsBound() throws Exception {
    try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  new TlsProbe(Optional.of(edge.caPem()), Duration.ofMillis(500), Clock.systemUTC())
                      .inspect(URI.create("https://127.0.0.1:" + blackhole.getLocalPort()), HOST))
          .isInstanceOf(PreflightException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
