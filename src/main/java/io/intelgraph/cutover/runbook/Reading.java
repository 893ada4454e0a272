package io.intelgraph.cutover.runbook;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads what a line judges from a system that may not answer. The product's clients turn every
 * failure to read (refused, timed out, not found, forbidden, unparseable) into an exception whose
 * message names the endpoint and the fix; a line reports that as its problem instead of throwing,
 * so one unreachable system fails its own line with the reason, never the run.
 *
 * <pre>{@code
 * Optional<Resolution> dns = Reading.of(report, "the DNS answer for " + host, () -> probe.resolve(host));
 * if (dns.isEmpty()) return report.judged();
 * }</pre>
 */
public final class Reading {

  private Reading() {}

  /**
   * What {@code read} answers, or empty with a problem on {@code report} saying that {@code what}
   * could not be read and why.
   */
  public static <T> Optional<T> of(LineReport.Builder report, String what, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (RuntimeException e) {
      // every client of the product fails with a RuntimeException that says where and why; the
      // class name stays in the message so a bug in the line itself is not mistaken for an outage
      report.problem(
          "could not read %s: %s (%s)",
          what, e.getMessage() == null ? e : e.getMessage(), e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
