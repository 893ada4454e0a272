package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "TTL ≤ {preflight.max_dns_ttl}: Fast failover configured": the longest TTL of the public
 * host's A/AAAA/CNAME records is at most {@code preflight.max_dns_ttl}, so clients follow a
 * failover that fast; no record to read a TTL from fails too.
 *
 * <pre>{@code
 * assertThat(DnsTtl.fromResolver().run(context)).passed();
 * }</pre>
 */
public final class DnsTtl implements RunbookLine {

  private final Function<Environment, DnsProbe.Resolution> dns;

  DnsTtl(Function<Environment, DnsProbe.Resolution> dns) {
    this.dns = dns;
  }

  /** The line as a run reads it: asks {@code preflight.dns_resolver}. */
  public static DnsTtl fromResolver() {
    return new DnsTtl(PublicEdge::resolve);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Optional<DnsProbe.Resolution> answer = PublicEdge.dnsAnswer(context, report, dns);
    answer.ifPresent(
        resolution -> {
          resolution
              .ttlProblem(env.preflight().maxDnsTtl())
              .ifPresent(
                  p ->
                      report.problem(
                          "DNS TTL of endpoints.public_host %s against preflight.max_dns_ttl %d s:"
                              + " %s",
                          resolution.host(), env.preflight().maxDnsTtl().toSeconds(), p));
        });
    return report.judged();
  }
}
