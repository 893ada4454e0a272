package io.intelgraph.cutover.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How one phase (one test class of the run of show) ended, with its lines counted.
 *
 * <pre>{@code
 * Lines lines = new Lines(4, 0, 1, List.of("'rollbackWebhook': not configured: rollback.webhook"));
 * new PhaseResult("preflight", "T15PreflightTest", Status.judge(lines), started, Instant.now(), lines, "5 lines: ...");
 * }</pre>
 *
 * @param source the class that ran it, so a phase spread over several classes stays readable
 * @param lines how many of its lines passed, failed and were skipped, and why each skip
 */
public record PhaseResult(
    String phase,
    String source,
    Status status,
    Instant started,
    Instant finished,
    Lines lines,
    String summary) {

  /**
   * How a phase ended. Only {@code PASSED} means every line ran and held; it is also the only
   * status a later phase builds on (see the phase table of the JUnit wiring).
   */
  public enum Status {
    /** Every line ran and passed. */
    PASSED,
    /**
     * No line failed, but some were skipped (disabled with a reason, or aborted): not everything
     * was checked.
     */
    PASSED_WITH_SKIPS,
    /** At least one line failed. */
    FAILED,
    /**
     * The phase itself could not run its lines: its set-up or tear-down failed outside any line.
     */
    BROKEN,
    /** The phase ran, but none of its lines did: every one was skipped (or it has none). */
    SKIPPED,
    /** The phase did not run: a prerequisite was missing or the attempt was rolled back. */
    REFUSED;

    /** The status that these lines earn, for a phase that ran. */
    public static Status judge(Lines lines) {
      if (lines.failed() > 0) return FAILED;
      if (lines.passed() == 0) return SKIPPED;
      return lines.skipped() > 0 ? PASSED_WITH_SKIPS : PASSED;
    }
  }

  /**
   * The lines of a phase by how they ended.
   *
   * @param skipReasons one per skipped line: the line and why it was skipped
   */
  public record Lines(int passed, int failed, int skipped, List<String> skipReasons) {

    /** A phase that ran no line (refused, or broken before its first). */
    public static final Lines NONE = new Lines(0, 0, 0, List.of());

    public Lines {
      if (passed < 0 || failed < 0 || skipped < 0) {
        throw new IllegalArgumentException(
            "line counts cannot be negative: passed %d, failed %d, skipped %d"
                .formatted(passed, failed, skipped));
      }
      skipReasons = List.copyOf(skipReasons);
      if (skipReasons.size() != skipped) {
        throw new IllegalArgumentException(
            "%d skipped lines but %d skip reasons; every skip needs its reason"
                .formatted(skipped, skipReasons.size()));
      }
    }

    /** Lines in total. */
    public int total() {
      return passed + failed + skipped;
    }
  }

  /**
   * A result without counted lines: a phase that did not run its lines ({@code REFUSED} or {@code
   * BROKEN}).
   */
  public PhaseResult(
      String phase,
      String source,
      Status status,
      Instant started,
      Instant finished,
      String summary) {
    this(phase, source, status, started, finished, Lines.NONE, summary);
  }

  public PhaseResult {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(summary, "summary");
    if (finished.isBefore(started)) {
      throw new IllegalArgumentException(
          "phase %s finished (%s) before it started (%s)".formatted(phase, finished, started));
    }
    if (status != Status.REFUSED && status != Status.BROKEN && status != Status.judge(lines)) {
      throw new IllegalArgumentException(
          "phase %s cannot be %s with %d passed, %d failed, %d skipped lines; it is %s"
              .formatted(
                  phase,
                  status,
                  lines.passed(),
                  lines.failed(),
                  lines.skipped(),
                  Status.judge(lines)));
    }
  }
}
