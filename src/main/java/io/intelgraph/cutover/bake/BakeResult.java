package io.intelgraph.cutover.bake;

import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one KPI or closeout line saw over its window: the outcome (only {@code PASS} passes), the
 * value against the target, the window and how much of it held data, and every query asked.
 *
 * <pre>{@code
 * assertThat(result.outcome()).as(result.describe()).isEqualTo(Outcome.PASS);
 * }</pre>
 *
 * @param target absent when the runbook asks for a number without a target (the value must still
 *     exist)
 * @param detail how the value was reached, e.g. the counts behind a ratio or the error-budget
 *     arithmetic
 */
public record BakeResult(
    String line,
    Outcome outcome,
    OptionalDouble value,
    Optional<Threshold> target,
    BakeWindow window,
    Optional<Coverage> coverage,
    String detail,
    List<String> queries,
    Instant evaluatedAt) {

  public BakeResult {
    Objects.requireNonNull(line);
    Objects.requireNonNull(outcome);
    queries = List.copyOf(queries);
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  /**
   * The evidence as one message: outcome, value vs target, window, coverage, detail, queries, time.
   */
  public String describe() {
    String shown =
        value.isEmpty()
            ? "none"
            : target
                .map(t -> t.unit().format(value.getAsDouble()))
                .orElse(BakeProbe.number(value.getAsDouble()));
    return "%s at %s: %s, value %s, target %s; window %s; %s; %s; queries: %s"
        .formatted(
            line,
            evaluatedAt,
            outcome,
            shown,
            target.map(Threshold::toString).orElse("none (reported)"),
            window,
            coverage.map(Coverage::toString).orElse("coverage not measured"),
            detail,
            String.join(" | ", queries));
  }
}
