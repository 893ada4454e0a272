package io.intelgraph.cutover.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Replay} saw: per evaluation time every gate's evaluation and verdict, and a summary
 * saying whether, and when, the rules would have rolled back.
 */
public record ReplayReport(
    Instant from, Instant to, Duration step, List<Step> timeline, Summary summary) {

  public ReplayReport {
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    Objects.requireNonNull(step);
    timeline = List.copyOf(timeline);
    Objects.requireNonNull(summary);
  }

  /** One evaluation time: each gate's verdict (with its evaluation) and the release verdict. */
  public record Step(Instant at, List<GateVerdict> gates, Verdict verdict) {
    public Step {
      gates = List.copyOf(gates);
    }
  }

  /**
   * @param worst the worst release verdict over the range
   * @param firstRed the first evaluation time the release was RED: when the rollback would have
   *     fired
   * @param firstRedReason the release reason at that time
   * @param outcomes how many evaluations ended in each outcome
   */
  public record Summary(
      int steps,
      Verdict worst,
      Optional<Instant> firstRed,
      Optional<String> firstRedReason,
      Map<Outcome, Integer> outcomes) {
    public Summary {
      outcomes = Map.copyOf(outcomes);
    }
  }
}
