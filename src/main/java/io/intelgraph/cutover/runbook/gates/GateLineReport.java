package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.runbook.LineReport;
import java.util.Objects;

/**
 * What a {@link GateCheckLine} found ({@link #line()}) and what it means for the release ({@link
 * #signal()}): the JUnit layer maps a {@link Signal#RED} to the rollback, a {@link Signal#YELLOW}
 * to a failure that changes nothing, an {@link Signal#INCONCLUSIVE} to a failure that is never a
 * rollback (even of a critical line), a {@link Signal#SKIP} to a skip with its reason; {@link
 * Signal#NONE} is asserted like any line.
 *
 * <pre>{@code
 * GateLineReport judged = GateLineReport.red(report.problem("api_p95 RED ...").judged());
 * }</pre>
 */
public record GateLineReport(LineReport line, Signal signal) {

  /** What the line's finding means beyond pass or fail. */
  public enum Signal {
    /** An ordinary line: it passed or failed on its own. */
    NONE,
    /** One fresh failure: keep watching, change nothing. */
    YELLOW,
    /** Roll back. */
    RED,
    /** The line could not observe what it checks: never a pass, never a rollback. */
    INCONCLUSIVE,
    /** The environment decided the line is not checked in this run; the problem says why. */
    SKIP
  }

  public GateLineReport {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(signal, "signal");
    if (signal != Signal.NONE && line.passed()) {
      throw new IllegalArgumentException(
          "a %s line has a reason; the report passed with no problem".formatted(signal));
    }
  }

  /** An ordinary line's report. */
  public static GateLineReport of(LineReport line) {
    return new GateLineReport(line, Signal.NONE);
  }

  public static GateLineReport red(LineReport line) {
    return new GateLineReport(line, Signal.RED);
  }

  public static GateLineReport yellow(LineReport line) {
    return new GateLineReport(line, Signal.YELLOW);
  }

  public static GateLineReport inconclusive(LineReport line) {
    return new GateLineReport(line, Signal.INCONCLUSIVE);
  }

  public static GateLineReport skip(LineReport line) {
    return new GateLineReport(line, Signal.SKIP);
  }

  /** The problems as one reason, for the verdict's exception. */
  public String reason() {
    return String.join("; ", line.problems());
  }
}
