package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/** How the T-15 lines on the public edge read it: the public DNS answer and the TLS endpoint. */
final class PublicEdge {

  private PublicEdge() {}

  /** The public host's answer from {@code preflight.dns_resolver} (the system's by default). */
  static DnsProbe.Resolution resolve(Environment env) {
    return new DnsProbe(env.preflight().dnsResolver(), env.preflight().timeout())
        .resolve(env.endpoints().publicHost());
  }

  /**
   * The DNS answer for {@code endpoints.public_host}, attached as evidence; empty, with the failure
   * in the report, when it cannot be read.
   */
  static Optional<DnsProbe.Resolution> dnsAnswer(
      LineContext context,
      LineReport.Builder report,
      Function<Environment, DnsProbe.Resolution> dns) {
    Environment env = context.environment();
    Optional<DnsProbe.Resolution> answer =
        Reading.of(
            report,
            "the DNS answer for endpoints.public_host " + env.endpoints().publicHost(),
            () -> dns.apply(env));
    answer.ifPresent(resolution -> report.evidence("DNS answer", resolution.describe()));
    return answer;
  }

  /** {@code preflight.tls_endpoint}, else {@code endpoints.api}. */
  static URI tlsEndpoint(Environment env) {
    return env.preflight().tlsEndpoint().orElse(env.endpoints().api());
  }

  /** The TLS edge's certificate and headers, the remaining validity by the context's clock. */
  static TlsProbe.TlsReport inspect(LineContext context) {
    Environment env = context.environment();
    return new TlsProbe(env.preflight().tlsTrust(), env.preflight().timeout(), context.clock())
        .inspect(tlsEndpoint(env), env.endpoints().publicHost());
  }
}
