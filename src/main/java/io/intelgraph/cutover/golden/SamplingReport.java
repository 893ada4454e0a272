package io.intelgraph.cutover.golden;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A golden run several times: how many runs, how many failed and why, and each measurement's
 * latencies against its target, and which track served how many runs. It passes only when no run
 * failed, every p95 met its target and, when it judges the canary, the canary provably served
 * enough samples ({@link CanaryProof}).
 *
 * <pre>{@code
 * SamplingReport report = sampler.sample(GraphQueryGolden.NAME, query::run, Map.of(GraphQueryGolden.METRIC, Duration.ofMillis(1200)));
 * Allure.addAttachment("3-hop query latency", "text/markdown", report.toTable());
 * assertThat(report.passed()).as(report.summary()).isTrue();
 * }</pre>
 *
 * @param failures the reasons of the failed runs, first ones first (at most {@value
 *     #MAX_FAILURES_KEPT})
 * @param runsByTrack how many runs each track served (failed runs included)
 * @param canary present when the sampling judged the canary: how many samples reached it
 * @param stopped present when the sampling stopped before its count or duration because the verdict
 *     was already decided: after which run, and why
 */
public record SamplingReport(
    String golden,
    int runs,
    int errors,
    List<String> failures,
    List<LatencySample> metrics,
    Duration wallTime,
    Map<ServingTrack, Integer> runsByTrack,
    Optional<CanaryProof> canary,
    Optional<String> stopped) {

  static final int MAX_FAILURES_KEPT = 5;

  public SamplingReport {
    Objects.requireNonNull(golden, "golden");
    failures = List.copyOf(failures);
    metrics = List.copyOf(metrics);
    runsByTrack = runsByTrack.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(runsByTrack));
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(stopped, "stopped");
    if (errors > runs)
      throw new IllegalArgumentException("errors %d exceed runs %d".formatted(errors, runs));
  }

  /**
   * A report that did not judge the canary, whose runs' tracks nothing told, and that sampled as
   * long as it was asked to.
   */
  public SamplingReport(
      String golden,
      int runs,
      int errors,
      List<String> failures,
      List<LatencySample> metrics,
      Duration wallTime) {
    this(
        golden,
        runs,
        errors,
        failures,
        metrics,
        wallTime,
        runs == 0 ? Map.of() : Map.of(ServingTrack.UNKNOWN, runs),
        Optional.empty(),
        Optional.empty());
  }

  /** The same report, judging the canary by {@code proof}. */
  SamplingReport withCanary(CanaryProof proof) {
    return new SamplingReport(
        golden,
        runs,
        errors,
        failures,
        metrics,
        wallTime,
        runsByTrack,
        Optional.of(proof),
        stopped);
  }

  public boolean passed() {
    return runs > 0
        && errors == 0
        && metrics.stream().allMatch(LatencySample::meetsTarget)
        && canary.map(CanaryProof::met).orElse(true);
  }

  /** The runs per track, e.g. {@code canary 5, stable 17}. */
  public String tracks() {
    StringBuilder text = new StringBuilder();
    for (ServingTrack track : ServingTrack.values()) {
      int count = runsByTrack.getOrDefault(track, 0);
      if (count > 0)
        text.append(text.isEmpty() ? "" : ", ").append(track.label()).append(' ').append(count);
    }
    return text.isEmpty() ? "none" : text.toString();
  }

  /** The sample of one measurement, by name. */
  public LatencySample metric(String name) {
    return metrics.stream()
        .filter(m -> m.metric().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no metric '%s' in %s; measured: %s"
                        .formatted(
                            name, golden, metrics.stream().map(LatencySample::metric).toList())));
  }

  /** One line with the evidence, for an assertion message. */
  public String summary() {
    StringBuilder text =
        new StringBuilder("%s: %d runs, %d errors".formatted(golden, runs, errors));
    stopped.ifPresent(reason -> text.append("; ").append(reason));
    canary.ifPresent(c -> text.append("; ").append(c.describe()));
    text.append("; served by ").append(tracks());
    metrics.forEach(m -> text.append("; ").append(m));
    if (!failures.isEmpty()) text.append("; first failure: ").append(failures.get(0));
    return text.toString();
  }

  /** A Markdown table (one row per measurement) and the failures, for a report attachment. */
  public String toTable() {
    StringBuilder table = new StringBuilder();
    table.append("### ").append(golden).append(passed() ? " — PASSED" : " — FAILED").append("\n\n");
    table.append("Served by: ").append(tracks()).append("\n\n");
    stopped.ifPresent(reason -> table.append("Sampling ").append(reason).append(".\n\n"));
    canary.ifPresent(
        c ->
            table
                .append(
                    c.met()
                        ? c.describe() + "; the latencies below are the canary's samples only"
                        : "**" + c.describe() + "**")
                .append("\n\n"));
    table.append("| metric | count | errors | p50 | p95 | max | target p95 | result |\n");
    table.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (LatencySample m : metrics) {
      boolean any = m.count() > 0;
      table.append(
          "| %s | %d | %d | %s | %s | %s | %d ms | %s |\n"
              .formatted(
                  m.metric(),
                  m.count(),
                  errors,
                  any ? m.p50().toMillis() + " ms" : "—",
                  any ? m.p95().toMillis() + " ms" : "—",
                  any ? m.max().toMillis() + " ms" : "—",
                  m.target().toMillis(),
                  m.meetsTarget() ? "met" : "MISSED"));
    }
    if (!failures.isEmpty()) {
      table.append("\nFailures (").append(errors).append(" of ").append(runs).append(" runs):\n");
      failures.forEach(f -> table.append("- ").append(f.replace("\n", " ")).append('\n'));
    }
    return table.toString();
  }
}
