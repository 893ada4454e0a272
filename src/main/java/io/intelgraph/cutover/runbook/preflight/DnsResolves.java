package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.DnsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "DNS resolves correctly: {endpoints.public_host} → ALB": the public host's answer has A,
 * AAAA or CNAME records pointing somewhere; NXDOMAIN, an empty answer or a resolver that does not
 * answer fails with every record seen.
 *
 * <pre>{@code
 * assertThat(DnsResolves.fromResolver().run(context)).passed();
 * }</pre>
 */
public final class DnsResolves implements RunbookLine {

  private final Function<Environment, DnsProbe.Resolution> dns;

  DnsResolves(Function<Environment, DnsProbe.Resolution> dns) {
    this.dns = dns;
  }

  /** The line as a run reads it: asks {@code preflight.dns_resolver}. */
  public static DnsResolves fromResolver() {
    return new DnsResolves(PublicEdge::resolve);
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Optional<DnsProbe.Resolution> answer = PublicEdge.dnsAnswer(context, report, dns);
    answer.ifPresent(
        resolution -> {
          resolution
              .problem()
              .ifPresent(p -> report.problem("DNS for endpoints.public_host: %s", p));
          report.problemIf(
              resolution.problem().isEmpty() && resolution.addresses().isEmpty(),
              "DNS for endpoints.public_host %s has no A/AAAA address: %s",
              resolution.host(),
              resolution.describe());
        });
    return report.judged();
  }
}
