package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a golden repeatedly and summarises it: at least {@code samples} runs and at least
 * {@code duration} of sampling, one run after the other, on the monotonic clock. Latencies come
 * from the runs themselves (each golden times its network calls only); a run that fails or throws
 * counts as an error and adds no latency.
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
    if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    if (duration.isNegative()) throw new IllegalArgumentException("duration must not be negative, got " + duration);
    this.samples = samples;
    this.duration = duration;
  }

  public static Sampler from(Goldens goldens) {
    return new Sampler(goldens.samples(), goldens.duration());
  }

  /**
   * Samples {@code golden}; {@code targets} maps each measurement (a timing name of the results)
   * to its p95 target.
   */
  public SamplingReport sample(String name, Supplier<GoldenResult> golden, Map<String, Duration> targets) {
    if (targets.isEmpty()) throw new IllegalArgumentException("give at least one measurement with its p95 target");
    Map<String, List<Duration>> values = new LinkedHashMap<>();
    targets.keySet().forEach(metric -> values.put(metric, new ArrayList<>()));
    List<String> failures = new ArrayList<>();
    int runs = 0;
    int errors = 0;
    long start = System.nanoTime();
    while (runs < samples || System.nanoTime() - start < duration.toNanos()) {
      runs++;
      GoldenResult result;
      try {
        result = golden.get();
      } catch (RuntimeException e) {
        result = GoldenResult.failed(name, java.time.Instant.now(), Map.of(), "run threw " + BoundedHttp.describe(e));
      }
      if (!result.passed()) {
        errors++;
        if (failures.size() < SamplingReport.MAX_FAILURES_KEPT) failures.add("run " + runs + ": " + result.failure().orElseThrow());
        continue;
      }
      for (String metric : targets.keySet()) {
        Duration value = result.timing(metric).orElse(null);
        if (value == null) {
          throw new IllegalArgumentException("%s passed but measured no '%s' (it measured %s); fix the metric name"
              .formatted(name, metric, result.timings().keySet()));
        }
        values.get(metric).add(value);
      }
    }
    List<LatencySample> metrics = new ArrayList<>();
    targets.forEach((metric, target) -> metrics.add(new LatencySample(metric, values.get(metric), target)));
    return new SamplingReport(name, runs, errors, failures, metrics, Duration.ofNanos(System.nanoTime() - start));
  }
}
