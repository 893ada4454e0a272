package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * T-15 "HSTS enabled: Security headers active": a real response of the TLS endpoint carries {@code
 * Strict-Transport-Security} with a {@code max-age} above 0 and {@code X-Content-Type-Options:
 * nosniff}; each missing or weak header is a problem.
 *
 * <pre>{@code
 * assertThat(SecurityHeaders.fromTlsEndpoint().run(context)).passed();
 * }</pre>
 */
public final class SecurityHeaders implements RunbookLine {

  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

  private final Function<LineContext, TlsProbe.TlsReport> tls;

  SecurityHeaders(Function<LineContext, TlsProbe.TlsReport> tls) {
    this.tls = tls;
  }

  /** The line as a run reads it: {@code preflight.tls_endpoint}, else {@code endpoints.api}. */
  public static SecurityHeaders fromTlsEndpoint() {
    return new SecurityHeaders(PublicEdge::inspect);
  }

  @Override
  public LineReport run(LineContext context) {
    URI endpoint = PublicEdge.tlsEndpoint(context.environment());
    LineReport.Builder report = context.report();
    Optional<TlsProbe.TlsReport> read =
        Reading.of(report, "the response headers of " + endpoint, () -> tls.apply(context));
    read.ifPresent(
        edge -> {
          Optional<String> hsts = edge.header("strict-transport-security");
          Optional<String> nosniff = edge.header("x-content-type-options");
          report.evidence(
              "Security headers of " + endpoint,
              "Strict-Transport-Security: %s%nX-Content-Type-Options: %s"
                  .formatted(hsts.orElse("(absent)"), nosniff.orElse("(absent)")));
          Matcher maxAge = MAX_AGE.matcher(hsts.orElse(""));
          report.problemIf(
              !(maxAge.find() && Long.parseLong(maxAge.group(1)) > 0),
              "Strict-Transport-Security of %s is %s; expected max-age above 0, e.g."
                  + " \"max-age=31536000; includeSubDomains\"",
              endpoint,
              hsts.orElse("absent"));
          report.problemIf(
              !nosniff.map(v -> v.strip().equalsIgnoreCase("nosniff")).orElse(false),
              "X-Content-Type-Options of %s is %s; expected \"nosniff\"",
              endpoint,
              nosniff.orElse("absent"));
        });
    return report.judged();
  }
}
