package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "DNS resolves correctly" and "TTL ≤ 300s" on answers made by hand. */
class DnsLinesTest {

  @TempDir Path dir;

  private static DnsProbe.Resolution answer(String rcode, DnsProbe.Answer... answers) {
    return new DnsProbe.Resolution(
        "maestro.example.org", "10.0.0.2:53", rcode, List.of(answers), List.of());
  }

  private static DnsProbe.Answer a(long ttlSeconds) {
    return new DnsProbe.Answer(
        "maestro.example.org.", "A", Duration.ofSeconds(ttlSeconds), "203.0.113.7");
  }

  private LineContext context() {
    return LineContexts.at(dir, Map.of("cutover.preflight.max_dns_ttl", "300s"));
  }

  @Test
  void anAddressWithAShortTtlPassesBothLinesWithTheAnswerAsEvidence() {
    LineReport resolves = new DnsResolves(env -> answer("NOERROR", a(60))).run(context());

    assertThat(resolves).passed();
    assertThat(resolves.evidence()).anySatisfy(e -> assertThat(e.text()).contains("203.0.113.7"));
    assertThat(new DnsTtl(env -> answer("NOERROR", a(300))).run(context())).passed();
  }

  @Test
  void nxdomainFailsBothLinesSayingToCreateTheRecord() {
    assertThat(new DnsResolves(env -> answer("NXDOMAIN")).run(context()))
        .failedWith("DNS for endpoints.public_host: NXDOMAIN", "create the record");
    assertThat(new DnsTtl(env -> answer("NXDOMAIN")).run(context()))
        .failedWith("no TTL to judge: NXDOMAIN");
  }

  @Test
  void aTtlAboveTheLimitFailsNamingBoth() {
    assertThat(new DnsTtl(env -> answer("NOERROR", a(3600))).run(context()))
        .failedWith(
            "DNS TTL of endpoints.public_host maestro.example.org against"
                + " preflight.max_dns_ttl 300 s: longest TTL seen is 3600 s, above 300 s");
  }

  @Test
  void aResolverThatDoesNotAnswerFailsBothLinesWithItsReason() {
    DnsResolves resolves =
        new DnsResolves(
            env -> {
              throw new PreflightException("DNS query for maestro.example.org timed out");
            });

    assertThat(resolves.run(context()))
        .failedWith(
            "could not read the DNS answer for endpoints.public_host",
            "timed out (PreflightException)");
    assertThat(
            new DnsTtl(
                    env -> {
                      throw new PreflightException("refused");
                    })
                .run(context()))
        .failedWith("could not read the DNS answer");
  }
}
