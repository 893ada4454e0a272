package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of one golden transaction: whether it passed, failed (the system answered wrongly) or
 * could not judge ({@link Status#ERROR}: no answer, or one that proves nothing either way), the
 * network time of each measured step, which track served it, and, unless it passed, why.
 *
 * <pre>{@code
 * GoldenResult result = graphQuery.run();
 * assertThat(result.passed()).as("%s", result).isTrue();
 * Duration latency = result.timing(GraphQueryGolden.METRIC);
 * }</pre>
 *
 * @param timings network time per measured step, in order; the golden's headline metric is one of
 *     them
 * @param track the track that served the run's measured request, {@link ServingTrack#UNKNOWN} when
 *     nothing said
 */
public record GoldenResult(
    String name,
    Status status,
    Map<String, Duration> timings,
    Optional<String> failure,
    Instant startedAt,
    ServingTrack track) {

  /**
   * {@code PASSED}: the golden saw what it checks. {@code FAILED}: the system answered, wrongly
   * (for a security golden: a regression). {@code ERROR}: the golden could not judge (unreachable,
   * timed out, an outage's answer); never a pass, and not evidence of a regression either.
   */
  public enum Status {
    PASSED,
    FAILED,
    ERROR
  }

  public GoldenResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(track, "track");
    timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    if ((status == Status.PASSED) == failure.isPresent()) {
      throw new IllegalArgumentException(
          "a golden result has a failure reason exactly when it did not pass: status=%s, failure=%s"
              .formatted(status, failure));
    }
  }

  public static GoldenResult passed(String name, Instant startedAt, Map<String, Duration> timings) {
    return new GoldenResult(
        name, Status.PASSED, timings, Optional.empty(), startedAt, ServingTrack.UNKNOWN);
  }

  public static GoldenResult failed(
      String name, Instant startedAt, Map<String, Duration> timings, String reason) {
    return new GoldenResult(
        name, Status.FAILED, timings, Optional.of(reason), startedAt, ServingTrack.UNKNOWN);
  }

  /** The golden could not judge: {@code reason} says what stood in the way. */
  public static GoldenResult error(
      String name, Instant startedAt, Map<String, Duration> timings, String reason) {
    return new GoldenResult(
        name, Status.ERROR, timings, Optional.of(reason), startedAt, ServingTrack.UNKNOWN);
  }

  /** The same result, served by {@code track}. */
  public GoldenResult servedBy(ServingTrack track) {
    return new GoldenResult(name, status, timings, failure, startedAt, track);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** True when the golden could not judge; see {@link Status#ERROR}. */
  public boolean inconclusive() {
    return status == Status.ERROR;
  }

  /** The time of one measured step; empty if the run did not get that far. */
  public Optional<Duration> timing(String step) {
    return Optional.ofNullable(timings.get(step));
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(name)
            .append(
                switch (status) {
                  case PASSED -> " PASSED";
                  case FAILED -> " FAILED";
                  case ERROR -> " ERROR (could not judge)";
                });
    if (track != ServingTrack.UNKNOWN) text.append(" [").append(track.label()).append(']');
    timings.forEach(
        (step, d) -> text.append(", ").append(step).append(' ').append(d.toMillis()).append(" ms"));
    failure.ifPresent(reason -> text.append(": ").append(reason));
    return text.toString();
  }
}
