package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * How one phase (one test class of the run of show) ended.
 *
 * @param source the class that ran it, so a phase spread over several classes stays readable
 */
public record PhaseResult(String phase, String source, Status status, Instant started, Instant finished, String summary) {

  /** {@code REFUSED}: the phase did not run, e.g. because the attempt was rolled back. */
  public enum Status { PASSED, FAILED, REFUSED }

  public PhaseResult {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(summary, "summary");
    if (finished.isBefore(started)) {
      throw new IllegalArgumentException("phase %s finished (%s) before it started (%s)".formatted(phase, finished, started));
    }
  }
}
