package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * T-15 "TLS certificate valid: Expiry > {preflight.min_certificate_validity}": the certificate the
 * TLS endpoint presents for the public host (chain and host name validated) is valid for longer
 * than {@code preflight.min_certificate_validity}, by the run's clock.
 *
 * <pre>{@code
 * assertThat(CertificateValidity.fromTlsEndpoint().run(context)).passed();
 * }</pre>
 */
public final class CertificateValidity implements RunbookLine {

  private final Function<LineContext, TlsProbe.TlsReport> tls;

  CertificateValidity(Function<LineContext, TlsProbe.TlsReport> tls) {
    this.tls = tls;
  }

  /** The line as a run reads it: {@code preflight.tls_endpoint}, else {@code endpoints.api}. */
  public static CertificateValidity fromTlsEndpoint() {
    return new CertificateValidity(PublicEdge::inspect);
  }

  @Override
  public LineReport run(LineContext context) {
    URI endpoint = PublicEdge.tlsEndpoint(context.environment());
    Duration minimum = context.environment().preflight().minCertificateValidity();
    LineReport.Builder report = context.report();
    Optional<TlsProbe.TlsReport> read =
        Reading.of(report, "the TLS certificate of " + endpoint, () -> tls.apply(context));
    read.ifPresent(
        cert -> {
          String described =
              "certificate %s of %s (issuer %s, chain of %d) expires %s, in %d days"
                  .formatted(
                      cert.subject(),
                      cert.host(),
                      cert.issuer(),
                      cert.chainLength(),
                      cert.notAfter(),
                      cert.remaining().toDays());
          report.evidence("TLS certificate of " + endpoint, described);
          report.problemIf(
              cert.remaining().compareTo(minimum) <= 0,
              "%s; preflight.min_certificate_validity is %d days: renew it before the cutover",
              described,
              minimum.toDays());
        });
    return report.judged();
  }
}
