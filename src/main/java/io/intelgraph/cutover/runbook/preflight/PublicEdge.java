package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import java.net.URI;

/** How the T-15 lines on the public edge read it: the public DNS answer and the TLS endpoint. */
final class PublicEdge {

  private PublicEdge() {}

  /** The public host's answer from {@code preflight.dns_resolver} (the system's by default). */
  static DnsProbe.Resolution resolve(Environment env) {
    return new DnsProbe(env.preflight().dnsResolver(), env.preflight().timeout())
        .resolve(env.endpoints().publicHost());
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
