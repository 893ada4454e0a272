package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.preflight.TlsProbe;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "HSTS enabled" and "TLS certificate valid: Expiry > 30 days" on TLS reports made by hand. */
class TlsLinesTest {

  @TempDir Path dir;

  private LineContext context() {
    return LineContexts.at(
        dir,
        Map.of(
            "cutover.preflight.min_certificate_validity", "30d",
            "cutover.preflight.tls_endpoint", "https://edge.example.org/"));
  }

  private static TlsProbe.TlsReport edge(Duration remaining, Map<String, List<String>> headers) {
    return new TlsProbe.TlsReport(
        "maestro.example.org",
        "CN=maestro.example.org",
        "CN=R11, O=Let's Encrypt",
        LineContexts.NOW.plus(remaining),
        remaining,
        2,
        headers);
  }

  private static final Map<String, List<String>> SECURE =
      Map.of(
          "Strict-Transport-Security", List.of("max-age=31536000; includeSubDomains"),
          "X-Content-Type-Options", List.of("nosniff"));

  @Test
  void hstsWithAMaxAgeAndNosniffPass() {
    assertThat(new SecurityHeaders(c -> edge(Duration.ofDays(60), SECURE)).run(context())).passed();
  }

  @Test
  void everyMissingOrWeakHeaderIsItsOwnProblem() {
    assertThat(
            new SecurityHeaders(
                    c ->
                        edge(
                            Duration.ofDays(60),
                            Map.of("strict-transport-security", List.of("max-age=0"))))
                .run(context()))
        .failedWith(
            "Strict-Transport-Security of https://edge.example.org/ is max-age=0; expected max-age"
                + " above 0",
            "X-Content-Type-Options of https://edge.example.org/ is absent; expected \"nosniff\"");
  }

  @Test
  void aCertificateValidLongerThanTheMinimumPasses() {
    assertThat(new CertificateValidity(c -> edge(Duration.ofDays(31), SECURE)).run(context()))
        .passed();
  }

  @Test
  void aCertificateExpiringWithinTheMinimumFailsWithItsExpiryAndTheKey() {
    assertThat(new CertificateValidity(c -> edge(Duration.ofDays(12), SECURE)).run(context()))
        .failedWith(
            "certificate CN=maestro.example.org of maestro.example.org (issuer CN=R11, O=Let's"
                + " Encrypt, chain of 2) expires 2026-12-19T09:30:00Z, in 12 days",
            "preflight.min_certificate_validity is 30 days");
  }

  @Test
  void anEdgeThatFailsTheHandshakeFailsBothLinesNamingTheEndpoint() {
    java.util.function.Function<LineContext, TlsProbe.TlsReport> broken =
        c -> {
          throw new PreflightException("TLS handshake with edge.example.org:443 failed");
        };

    assertThat(new SecurityHeaders(broken).run(context()))
        .failedWith("could not read the response headers of https://edge.example.org/");
    assertThat(new CertificateValidity(broken).run(context()))
        .failedWith(
            "could not read the TLS certificate of https://edge.example.org/: TLS handshake");
  }
}
