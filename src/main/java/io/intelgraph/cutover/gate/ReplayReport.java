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
   * @param shadows what each shadow gate would have done, in gate order; empty when no gate is
   *     shadow
   */
  public record Summary(
      int steps,
      Verdict worst,
      Optional<Instant> firstRed,
      Optional<String> firstRedReason,
      Map<Outcome, Integer> outcomes,
      List<Shadow> shadows) {
    public Summary {
      outcomes = Map.copyOf(outcomes);
      shadows = List.copyOf(shadows);
    }

    /** A replay without shadow gates. */
    public Summary(
        int steps,
        Verdict worst,
        Optional<Instant> firstRed,
        Optional<String> firstRedReason,
        Map<Outcome, Integer> outcomes) {
      this(steps, worst, firstRed, firstRedReason, outcomes, List.of());
    }
  }

  /**
   * A shadow gate over the range: its own worst verdict and, had it judged the release, when it
   * would first have been RED (the rollback it would have fired) and why.
   */
  public record Shadow(
      String gate, Verdict worst, Optional<Instant> firstRed, Optional<String> firstRedReason) {
    public Shadow {
      Objects.requireNonNull(gate);
      Objects.requireNonNull(worst);
      Objects.requireNonNull(firstRed);
      Objects.requireNonNull(firstRedReason);
    }

    /** "would have been RED at 2026-...Z (second consecutive failure: RED, ...)" or "never". */
    public String wouldHave() {
      return firstRed
          .map(at -> "would have been RED at %s (%s)".formatted(at, firstRedReason.orElse("")))
          .orElse("would never have been RED (worst %s)".formatted(worst));
    }
  }
}
