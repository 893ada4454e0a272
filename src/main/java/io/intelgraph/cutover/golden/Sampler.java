package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.support.BoundedHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a golden repeatedly and summarises it: at least {@code samples} runs and at least {@code
 * duration} of sampling, one run after the other, on the monotonic clock. Latencies come from the
 * runs themselves (each golden times its network calls only); a run that fails or throws counts as
 * an error and adds no latency. Every run's serving track is counted.
 *
 * <p>The first failed run decides the verdict (a report with an error never passes), so sampling
 * stops there and the report says after which run and why ({@link SamplingReport#stopped}): a
 * journey that hangs until its call timeout on every run costs one timeout, not {@code samples} or
 * {@code canary_max_runs} of them, and a halt reaches the war room that much sooner.
 *
 * <p>{@link #sampleOnCanary} judges the canary: only canary-served runs give latencies, and it
 * keeps sampling until {@code samples} runs were served by the canary, bounded by a run count and a
 * time; short of that, the report fails saying how many of how many reached the canary. A run that
 * failed on any track still fails the report: a broken journey is broken for whoever took it.
 *
 * <pre>{@code
 * Sampler sampler = Sampler.from(env.goldens());
 * SamplingReport report = sampler.sample(EntityWriteGolden.NAME, write::run, Map.of(EntityWriteGolden.METRIC, targets.entityWrite()));
 * }</pre>
 */
public final class Sampler {

  private final int samples;
  private final Duration duration;

  public Sampler(int samples, Duration duration) {
    if (samples < 1)
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    if (duration.isNegative())
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    this.samples = samples;
    this.duration = duration;
  }

  public static Sampler from(Goldens goldens) {
    return new Sampler(goldens.samples(), goldens.duration());
  }

  /**
   * Samples {@code golden}; {@code targets} maps each measurement (a timing name of the results) to
   * its p95 target.
   */
  public SamplingReport sample(
      String name, Supplier<GoldenResult> golden, Map<String, Duration> targets) {
    return run(name, golden, targets, null, Integer.MAX_VALUE, null);
  }

  /**
   * Samples {@code golden} for the canary's verdict: until {@code samples} runs were served by the
   * canary (and {@code duration} passed), at most {@code maxRuns} runs and {@code maxDuration}.
   * When {@code tracks} cannot tell any track, it samples as {@link #sample} does and the report
   * fails as unprovable.
   */
  public SamplingReport sampleOnCanary(
      String name,
      Supplier<GoldenResult> golden,
      Map<String, Duration> targets,
      TrackAttribution tracks,
      int maxRuns,
      Duration maxDuration) {
    if (maxRuns < samples)
      throw new IllegalArgumentException(
          "maxRuns %d must be at least samples %d".formatted(maxRuns, samples));
    if (!tracks.canTell()) {
      SamplingReport report = sample(name, golden, targets);
      return report.withCanary(
          new CanaryProof(
              samples,
              0,
              report.runs(),
              tracks.how(),
              Optional.of(
                  "neither endpoints.canary_api nor goldens.track_header is configured, so no answer says which track served it;"
                      + " configure one (docs/configuration.md, section goldens)")));
    }
    return run(name, golden, targets, tracks, maxRuns, maxDuration);
  }

  private SamplingReport run(
      String name,
      Supplier<GoldenResult> golden,
      Map<String, Duration> targets,
      TrackAttribution canaryBy,
      int maxRuns,
      Duration maxDuration) {
    if (targets.isEmpty())
      throw new IllegalArgumentException("give at least one measurement with its p95 target");
    Map<String, List<Duration>> values = new LinkedHashMap<>();
    targets.keySet().forEach(metric -> values.put(metric, new ArrayList<>()));
    Map<ServingTrack, Integer> byTrack = new EnumMap<>(ServingTrack.class);
    List<String> failures = new ArrayList<>();
    int runs = 0;
    int errors = 0;
    Optional<String> stopped = Optional.empty();
    long start = System.nanoTime();
    while (wanted(runs, byTrack, start, canaryBy != null)
        && runs < maxRuns
        && (maxDuration == null || System.nanoTime() - start < maxDuration.toNanos())) {
      runs++;
      GoldenResult result;
      try {
        result = golden.get();
      } catch (RuntimeException e) {
        result =
            GoldenResult.failed(
                name, Instant.now(), Map.of(), "run threw " + BoundedHttp.describe(e));
      }
      byTrack.merge(result.track(), 1, Integer::sum);
      if (!result.passed()) {
        errors++;
        if (failures.size() < SamplingReport.MAX_FAILURES_KEPT) {
          failures.add(
              "run %d%s: %s"
                  .formatted(runs, onTrack(result.track()), result.failure().orElseThrow()));
        }
        stopped =
            Optional.of(
                "stopped after run %d: a failed run fails the golden whatever later runs find"
                    .formatted(runs));
        break;
      }
      if (canaryBy != null && result.track() != ServingTrack.CANARY)
        continue; // the canary's verdict counts the canary's samples
      for (String metric : targets.keySet()) {
        Duration value = result.timing(metric).orElse(null);
        if (value == null) {
          throw new IllegalArgumentException(
              "%s passed but measured no '%s' (it measured %s); fix the metric name"
                  .formatted(name, metric, result.timings().keySet()));
        }
        values.get(metric).add(value);
      }
    }
    List<LatencySample> metrics = new ArrayList<>();
    targets.forEach(
        (metric, target) -> metrics.add(new LatencySample(metric, values.get(metric), target)));
    Optional<CanaryProof> canary =
        canaryBy == null
            ? Optional.empty()
            : Optional.of(
                new CanaryProof(
                    samples,
                    byTrack.getOrDefault(ServingTrack.CANARY, 0),
                    runs,
                    canaryBy.how(),
                    Optional.empty()));
    return new SamplingReport(
        name,
        runs,
        errors,
        failures,
        metrics,
        Duration.ofNanos(System.nanoTime() - start),
        byTrack,
        canary,
        stopped);
  }

  private boolean wanted(
      int runs, Map<ServingTrack, Integer> byTrack, long start, boolean onCanary) {
    int counted = onCanary ? byTrack.getOrDefault(ServingTrack.CANARY, 0) : runs;
    return counted < samples || System.nanoTime() - start < duration.toNanos();
  }

  private static String onTrack(ServingTrack track) {
    return track == ServingTrack.UNKNOWN ? "" : " (" + track.label() + ")";
  }
}
