package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of one golden transaction: whether it passed, the network time of each measured step,
 * and, when it failed, why (which step, against what, what was seen).
 *
 * <pre>{@code
 * GoldenResult result = graphQuery.run();
 * assertThat(result.passed()).as("%s", result).isTrue();
 * Duration latency = result.timing(GraphQueryGolden.METRIC);
 * }</pre>
 *
 * @param timings network time per measured step, in order; the golden's headline metric is one of them
 */
public record GoldenResult(String name, boolean passed, Map<String, Duration> timings, Optional<String> failure, Instant startedAt) {

  public GoldenResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(startedAt, "startedAt");
    timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    if (passed == failure.isPresent()) {
      throw new IllegalArgumentException("a golden result has a failure reason exactly when it failed: passed=%s, failure=%s"
          .formatted(passed, failure));
    }
  }

  public static GoldenResult passed(String name, Instant startedAt, Map<String, Duration> timings) {
    return new GoldenResult(name, true, timings, Optional.empty(), startedAt);
  }

  public static GoldenResult failed(String name, Instant startedAt, Map<String, Duration> timings, String reason) {
    return new GoldenResult(name, false, timings, Optional.of(reason), startedAt);
  }

  /** The time of one measured step; empty if the run did not get that far. */
  public Optional<Duration> timing(String step) {
    return Optional.ofNullable(timings.get(step));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append(passed ? " PASSED" : " FAILED");
    timings.forEach((step, d) -> text.append(", ").append(step).append(' ').append(d.toMillis()).append(" ms"));
    failure.ifPresent(reason -> text.append(": ").append(reason));
    return text.toString();
  }
}
