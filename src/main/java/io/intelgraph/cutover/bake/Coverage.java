package io.intelgraph.cutover.bake;

import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How much of a {@link BakeWindow} Prometheus holds data for, measured from a range query at {@code
 * step}: every step with a finite sample counts one step as covered (accurate to one step). Data
 * before Prometheus's own start, before full traffic or in a scrape outage is not covered.
 *
 * <pre>{@code
 * Coverage c = Coverage.of(window, answer.singleSeries(), step, query);
 * if (!c.meets(0.9)) ... // NO_DATA: "covered 41 s of the configured 24 h (0.05 %)"
 * }</pre>
 *
 * @param stepsWithData steps that had a finite sample
 * @param steps the steps of the window
 * @param firstData the first step with data, if any
 * @param query the range query that measured it
 */
public record Coverage(
    Duration covered,
    Duration configured,
    int stepsWithData,
    int steps,
    Duration step,
    Optional<Instant> firstData,
    String query) {

  public Coverage {
    if (stepsWithData < 0 || stepsWithData > steps) {
      throw new IllegalArgumentException(
          "steps with data %d must be within 0..%d".formatted(stepsWithData, steps));
    }
  }

  /** Counts the finite samples of {@code series} within the window. */
  public static Coverage of(
      BakeWindow window, Optional<Series> series, Duration step, String query) {
    int steps = (int) (window.length().toMillis() / step.toMillis()) + 1;
    List<Sample> inWindow =
        series.map(Series::samples).orElse(List.of()).stream()
            .filter(
                s ->
                    !s.timestamp().isBefore(window.start()) && !s.timestamp().isAfter(window.end()))
            .filter(Sample::isFinite)
            .toList();
    int withData = Math.min(inWindow.size(), steps);
    Duration covered = step.multipliedBy(withData);
    if (covered.compareTo(window.length()) > 0) covered = window.length();
    return new Coverage(
        covered,
        window.configured(),
        withData,
        steps,
        step,
        inWindow.stream().map(Sample::timestamp).findFirst(),
        query);
  }

  /** The covered share of the configured window, 0..1. */
  public double fraction() {
    return Math.min(1.0, covered.toMillis() / (double) configured.toMillis());
  }

  public boolean meets(double minimum) {
    return fraction() >= minimum;
  }

  @Override
  public String toString() {
    return "covered %s of the configured %s (%.1f %%: %d of %d steps of %s had data%s)"
        .formatted(
            BakeWindow.human(covered),
            BakeWindow.human(configured),
            fraction() * 100,
            stepsWithData,
            steps,
            BakeWindow.human(step),
            firstData.map(t -> ", the first at " + t).orElse(""));
  }
}
