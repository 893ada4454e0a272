package io.intelgraph.cutover.runbook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a runbook line found: {@link Status#PASSED} with no problems, {@link Status#FAILED} with
 * every problem found (not only the first), or {@link Status#NOT_CONFIGURED} saying which key to
 * set. The evidence is what a person needs to recompute the judgement (the query and its answer,
 * the object read, the figures), in the order it was gathered; {@code observedAt} is when the line
 * looked, from the run's clock.
 *
 * <pre>{@code
 * LineReport.Builder report = context.report().evidence("ConfigMap", yaml);
 * if (!"true".equals(value)) report.problem("%s is '%s'; set it to \"true\"", where, value);
 * return report.judged();
 * }</pre>
 */
public record LineReport(
    Status status, List<String> problems, List<Evidence> evidence, Instant observedAt) {

  /** How a line ended. Only {@code PASSED} passes; a line that could not check never does. */
  public enum Status {
    PASSED,
    FAILED,
    NOT_CONFIGURED
  }

  /** One named piece of evidence, as text. */
  public record Evidence(String name, String text) {
    public Evidence {
      Objects.requireNonNull(name, "name");
      text = String.valueOf(text);
    }
  }

  public LineReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(observedAt, "observedAt");
    problems = List.copyOf(problems);
    evidence = List.copyOf(evidence);
    if (status == Status.PASSED && !problems.isEmpty()) {
      throw new IllegalArgumentException("a passed line has no problems, got " + problems);
    }
    if (status != Status.PASSED && problems.isEmpty()) {
      throw new IllegalArgumentException("a " + status + " line says why: no problem given");
    }
  }

  /** A report builder for a line that looked at {@code observedAt}. */
  public static Builder at(Instant observedAt) {
    return new Builder(observedAt);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /**
   * The problems and the evidence as one text, for a failure message or a console line. The first
   * line names the first problem (the ledger keeps a failure's first line), then every problem,
   * when the line looked, and the evidence.
   */
  public String describe() {
    String nl = System.lineSeparator();
    StringBuilder text =
        new StringBuilder(
            problems.isEmpty()
                ? status.name()
                : problems.get(0)
                    + (problems.size() > 1 ? " (and %d more)".formatted(problems.size() - 1) : ""));
    if (problems.size() > 1)
      problems.forEach(problem -> text.append(nl).append("  - ").append(problem));
    text.append(nl).append("  ").append(status).append(" at ").append(observedAt);
    for (Evidence item : evidence) {
      text.append(nl).append("  ").append(item.name()).append(": ");
      text.append(item.text().contains("\n") ? nl + indent(item.text()) : item.text());
    }
    return text.toString();
  }

  private static String indent(String text) {
    return text.strip()
        .lines()
        .map(line -> "    " + line)
        .reduce((a, b) -> a + System.lineSeparator() + b)
        .orElse("");
  }

  /** Gathers evidence and problems; {@link #judged()} makes the report. */
  public static final class Builder {
    private final Instant observedAt;
    private final List<String> problems = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private String notConfigured;

    private Builder(Instant observedAt) {
      this.observedAt = Objects.requireNonNull(observedAt, "observedAt");
    }

    public Builder evidence(String name, Object text) {
      evidence.add(new Evidence(name, String.valueOf(text)));
      return this;
    }

    /** A problem found; the message says what, where, the value and the fix. */
    public Builder problem(String format, Object... args) {
      problems.add(args.length == 0 ? format : format.formatted(args));
      return this;
    }

    /** A problem when {@code broken} holds. */
    public Builder problemIf(boolean broken, String format, Object... args) {
      return broken ? problem(format, args) : this;
    }

    /** The line cannot check: {@code reason} names the key to set. Never a pass. */
    public Builder notConfigured(String reason) {
      this.notConfigured = Objects.requireNonNull(reason, "reason");
      return this;
    }

    public boolean hasProblems() {
      return !problems.isEmpty() || notConfigured != null;
    }

    public LineReport judged() {
      if (notConfigured != null) {
        List<String> all = new ArrayList<>();
        all.add("not configured: " + notConfigured);
        all.addAll(problems);
        return new LineReport(Status.NOT_CONFIGURED, all, evidence, observedAt);
      }
      return new LineReport(
          problems.isEmpty() ? Status.PASSED : Status.FAILED, problems, evidence, observedAt);
    }
  }
}
