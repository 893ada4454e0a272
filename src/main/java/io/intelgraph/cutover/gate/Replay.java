package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Replays the gates over a past interval: what would the verdicts have been, and when would the
 * rollback have fired? Use it to tune thresholds against a real incident or to rehearse.
 *
 * <pre>{@code
 * ReplayReport report = new Replay(client, VerdictRules.Rules.from(env.cadence()))
 *     .run(Gate.all(env, Scope.CANARY), from, to, Duration.ofMinutes(15), Baselines.none());
 * report.summary().firstRed(); // when RED would have triggered the rollback
 * }</pre>
 *
 * <p>Design note: one range query per distinct question (value, traffic, freshness) fetches all
 * evaluation times at once, instead of one instant query per step; a range query's step at T gives
 * the same answer as an instant query at T. Prometheus refuses more than 11,000 points per series,
 * so long ranges are fetched in chunks of {@value #CHUNK_STEPS} steps. The answers are then cut per
 * step and judged by the same {@link OutcomeClassifier} and {@link VerdictRules} as a live check.
 * The step is the simulated gate interval: a 15 s step judges "two consecutive failures" 15 s
 * apart. The rules API has no history: a gate on alerting rules is judged with the rules loaded
 * when the replay runs (do they exist, do they evaluate), asked once; the firing count comes from
 * the past {@code ALERTS} series like any value. A canary gate with {@code compare_with_stable}
 * also fetches stable's value per step and both tracks' samples at the scrape step over the whole
 * interval, and judges each step on the window [step - rate window, step] cut out of them, as a
 * live check would. A gate with {@code group_by} keeps every series of its value and traffic
 * questions and judges each step per label value, as a live check does. A shadow gate is judged at
 * every step like any other, left out of the release verdict like in a live check, and summarised
 * on its own: when it would have been RED.
 */
public final class Replay {

  static final int CHUNK_STEPS = 10_000;
  private static final int THREADS = 4;

  private final PromQlClient client;
  private final VerdictRules.Rules rules;
  private final Optional<MetricContract> contract;

  /**
   * A replay that proves no metric contract: for a Prometheus stand-in that answers scripted
   * queries only.
   */
  public Replay(PromQlClient client, VerdictRules.Rules rules) {
    this.client = Objects.requireNonNull(client);
    this.rules = Objects.requireNonNull(rules);
    this.contract = Optional.empty();
  }

  /**
   * A replay whose gates count only where {@code contract} holds over the replayed interval (and
   * the lookback before it), proven once per run: a gate whose queries read no such series or label
   * is ERROR at every step, never a pass.
   */
  public Replay(PromQlClient client, VerdictRules.Rules rules, MetricContract contract) {
    this.client = Objects.requireNonNull(client);
    this.rules = Objects.requireNonNull(rules);
    this.contract = Optional.of(contract);
  }

  /**
   * Evaluates {@code gates} at from, from + step, ... up to {@code to}, then applies the verdict
   * rules in order.
   */
  public ReplayReport run(
      List<Gate> gates, Instant from, Instant to, Duration step, Baselines baselines) {
    if (gates.isEmpty()) throw new IllegalArgumentException("nothing to replay: no gates");
    if (to.isBefore(from))
      throw new IllegalArgumentException(
          "replay end %s is before its start %s".formatted(to, from));
    if (step.isNegative() || step.isZero())
      throw new IllegalArgumentException("replay step must be positive, got " + step);
    long steps = Duration.between(from, to).toMillis() / step.toMillis() + 1;
    if (steps > 1_000_000) {
      throw new IllegalArgumentException(
          "%d evaluation times from %s to %s at %s is too many; use a larger step"
              .formatted(steps, from, to, step));
    }
    List<Instant> times = new ArrayList<>((int) steps);
    for (long i = 0; i < steps; i++) times.add(from.plus(step.multipliedBy(i)));

    Optional<MetricContract.Proof> proof =
        contract.map(c -> c.prove(gates, from.minus(c.lookback()), to));
    List<Fetched> fetched = fetchAll(gates, times, step);
    Optional<RulesAnswer> alertingRules =
        gates.stream().anyMatch(g -> g.spec().alertRules().isPresent())
            ? Optional.of(RulesAnswer.ask(client))
            : Optional.empty();
    List<ReplayReport.Step> timeline = new ArrayList<>(times.size());
    List<StreakTracker> trackers = new ArrayList<>();
    gates.forEach(g -> trackers.add(new StreakTracker(rules)));
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Verdict worst = Verdict.GREEN;
    Instant firstRed = null;
    String firstRedReason = null;
    // per shadow gate (by index): its own worst verdict and first RED, since the release ignores it
    Map<Integer, Verdict> shadowWorst = new java.util.TreeMap<>();
    Map<Integer, GateVerdict> shadowFirstRed = new HashMap<>();
    for (int g = 0; g < gates.size(); g++) {
      if (gates.get(g).shadow()) shadowWorst.put(g, Verdict.GREEN);
    }
    for (int t = 0; t < times.size(); t++) {
      Instant at = times.get(t);
      List<GateVerdict> verdicts = new ArrayList<>(gates.size());
      final int index = t;
      for (int g = 0; g < gates.size(); g++) {
        Fetched f = fetched.get(g);
        GateEvaluation evaluation =
            OutcomeClassifier.classify(
                gates.get(g),
                at,
                f.value.at(t, at),
                f.traffic.map(r -> r.at(index, at)),
                f.freshness.at(t, at),
                gates.get(g).spec().alertRules().flatMap(regex -> alertingRules),
                baselines);
        if (f.versus.isPresent() && evaluation.passed()) {
          Versus v = f.versus.get();
          evaluation =
              VersusStableClassifier.judge(
                  gates.get(g),
                  evaluation,
                  v.stableValue.at(t, at),
                  v.canary.cut(at),
                  v.stable.cut(at));
        }
        if (proof.isPresent()) evaluation = proof.get().judge(evaluation);
        outcomes.merge(evaluation.outcome(), 1, Integer::sum);
        GateVerdict verdict = trackers.get(g).next(evaluation);
        verdicts.add(verdict);
        if (verdict.shadow()) {
          shadowWorst.merge(g, verdict.verdict(), Verdict::worse);
          if (verdict.verdict() == Verdict.RED) shadowFirstRed.putIfAbsent(g, verdict);
        }
      }
      ReleaseVerdict release = VerdictRules.release(verdicts);
      worst = worst.worse(release.verdict());
      if (release.verdict() == Verdict.RED && firstRed == null) {
        firstRed = at;
        firstRedReason = release.reason();
      }
      timeline.add(new ReplayReport.Step(at, verdicts, release.verdict()));
    }
    return new ReplayReport(
        from,
        to,
        step,
        timeline,
        new ReplayReport.Summary(
            times.size(),
            worst,
            Optional.ofNullable(firstRed),
            Optional.ofNullable(firstRedReason),
            outcomes,
            shadowWorst.entrySet().stream()
                .map(
                    e -> {
                      Optional<GateVerdict> red =
                          Optional.ofNullable(shadowFirstRed.get(e.getKey()));
                      return new ReplayReport.Shadow(
                          gates.get(e.getKey()).name(),
                          e.getValue(),
                          red.map(v -> v.latest().evaluatedAt()),
                          red.map(v -> v.reason() + ", " + v.latest().detail()));
                    })
                .toList()));
  }

  private record Fetched(
      RangeAnswers value,
      Optional<RangeAnswers> traffic,
      RangeAnswers freshness,
      Optional<Versus> versus) {}

  /**
   * A canary gate's comparison with stable: stable's value per step, both tracks' samples at the
   * scrape step over the whole replay.
   */
  private record Versus(RangeAnswers stableValue, FineSamples canary, FineSamples stable) {}

  private List<Fetched> fetchAll(List<Gate> gates, List<Instant> times, Duration step) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread thread = new Thread(r, "replay-query");
              thread.setDaemon(true);
              return thread;
            });
    try {
      // gates often share a traffic or freshness question (5xx and auth ratios count the same
      // requests): ask each distinct question once
      Map<String, CompletableFuture<RangeAnswers>> asked = new HashMap<>();
      Grouped ask =
          (role, query, groupBy) ->
              asked.computeIfAbsent(
                  role + "\n" + query + "\n" + groupBy,
                  ignored ->
                      CompletableFuture.supplyAsync(
                          () -> fetch(role, query, groupBy, times, step), pool));
      List<CompletableFuture<RangeAnswers>> values = new ArrayList<>();
      List<CompletableFuture<RangeAnswers>> traffic = new ArrayList<>();
      List<CompletableFuture<RangeAnswers>> freshness = new ArrayList<>();
      for (Gate gate : gates) {
        List<String> groupBy = gate.spec().groupBy();
        values.add(ask.apply("value", gate.query(), groupBy));
        traffic.add(
            gate.trafficQuery()
                .map(q -> ask.apply("traffic", q, groupBy))
                .orElse(CompletableFuture.completedFuture(null)));
        freshness.add(ask.apply("freshness", gate.freshnessQuery(), List.of()));
      }
      List<CompletableFuture<Versus>> versus = new ArrayList<>();
      Instant from = times.get(0);
      Instant to = times.get(times.size() - 1);
      for (Gate gate : gates) {
        versus.add(
            gate.versusStable()
                .map(
                    v -> {
                      CompletableFuture<RangeAnswers> stableValue =
                          ask.apply(
                              VersusStableClassifier.STABLE_VALUE, v.stableQuery(), List.of());
                      CompletableFuture<FineSamples> canary =
                          CompletableFuture.supplyAsync(
                              () ->
                                  fetchFine(
                                      VersusStableClassifier.CANARY_SAMPLES,
                                      gate.query(),
                                      from,
                                      to,
                                      v),
                              pool);
                      CompletableFuture<FineSamples> stable =
                          CompletableFuture.supplyAsync(
                              () ->
                                  fetchFine(
                                      VersusStableClassifier.STABLE_SAMPLES,
                                      v.stableQuery(),
                                      from,
                                      to,
                                      v),
                              pool);
                      return CompletableFuture.allOf(stableValue, canary, stable)
                          .thenApply(
                              done -> new Versus(stableValue.join(), canary.join(), stable.join()));
                    })
                .orElse(CompletableFuture.completedFuture(null)));
      }
      List<Fetched> fetched = new ArrayList<>();
      for (int g = 0; g < gates.size(); g++) {
        fetched.add(
            new Fetched(
                values.get(g).join(),
                Optional.ofNullable(traffic.get(g).join()),
                freshness.get(g).join(),
                Optional.ofNullable(versus.get(g).join())));
      }
      return fetched;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Asks one distinct range question (per group of {@code groupBy}, when set) once. */
  @FunctionalInterface
  private interface Grouped {
    CompletableFuture<RangeAnswers> apply(String role, String query, List<String> groupBy);
  }

  private RangeAnswers fetch(
      String role, String query, List<String> groupBy, List<Instant> times, Duration step) {
    List<Object> chunks = new ArrayList<>();
    for (int start = 0; start < times.size(); start += CHUNK_STEPS) {
      int end = Math.min(times.size(), start + CHUNK_STEPS) - 1;
      try {
        chunks.add(client.queryRange(query, times.get(start), times.get(end), step));
      } catch (PromQlException e) {
        chunks.add(e);
      }
    }
    return new RangeAnswers(role, query, groupBy, chunks);
  }

  /**
   * Per-interval samples of one track over [from - window, to] at the scrape step, fetched in
   * chunks, so each step's comparison window [at - window, at] can be cut out of it.
   */
  private FineSamples fetchFine(
      String role, String query, Instant from, Instant to, Gate.VersusStable versus) {
    List<Sample> samples = new ArrayList<>();
    Instant start = from.minus(versus.window());
    Duration chunk = versus.step().multipliedBy(CHUNK_STEPS - 1);
    while (!start.isAfter(to)) {
      Instant end = start.plus(chunk).isAfter(to) ? to : start.plus(chunk);
      try {
        client
            .queryRange(query, start, end, versus.step())
            .singleSeries()
            .ifPresent(series -> samples.addAll(series.samples()));
      } catch (PromQlException e) {
        return new FineSamples(role, query, versus.window(), List.of(), Optional.of(e));
      }
      start = end.plus(versus.step());
    }
    return new FineSamples(role, query, versus.window(), List.copyOf(samples), Optional.empty());
  }

  /**
   * One track's samples over the whole replay (oldest first), or the error that left them unknown.
   */
  private record FineSamples(
      String role,
      String query,
      Duration window,
      List<Sample> samples,
      Optional<PromQlException> error) {

    StableSamples cut(Instant at) {
      if (error.isPresent()) return StableSamples.failed(role, query, error.get(), "");
      Instant oldest = at.minus(window);
      int low = 0;
      int high = samples.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (samples.get(mid).timestamp().isBefore(oldest)) low = mid + 1;
        else high = mid;
      }
      int end = low;
      while (end < samples.size() && !samples.get(end).timestamp().isAfter(at)) end++;
      return StableSamples.cut(role, query, samples.subList(low, end));
    }
  }

  /** One question's range answers (or the error of each chunk), cut per evaluation time. */
  private record RangeAnswers(
      String role, String query, List<String> groupBy, List<Object> chunks) {

    Answer at(int index, Instant at) {
      Object chunk = chunks.get(index / CHUNK_STEPS);
      if (chunk instanceof PromQlException e) {
        return Answer.failed(role, query, e, "");
      }
      QueryResult result = (QueryResult) chunk;
      if (!groupBy.isEmpty()) {
        return Answer.at(role, query, result.series(), at, groupBy, groupsRaw(result, at));
      }
      Sample found = null;
      int matches = 0;
      for (Series series : result.series()) {
        Optional<Sample> sample = series.at(at);
        if (sample.isPresent()) {
          found = sample.get();
          matches++;
        }
      }
      if (matches > 1) {
        PromQlException e =
            PromQlException.badResponse(
                query,
                "expected at most one series for '%s' at %s, got %d; aggregate the query (e.g. sum or max) so it yields one value"
                    .formatted(query, at, matches));
        return Answer.failed(role, query, e, "");
      }
      String raw = found == null ? "[]" : rawPair(found);
      return new Answer(
          new Evidence(role, query, raw), Optional.ofNullable(found), Optional.empty());
    }
  }

  /** Each group's sample at the step: {@code {route="/graphql"} [1714000000.000,"0.42"]; ...}. */
  private static String groupsRaw(QueryResult result, Instant at) {
    List<String> parts = new ArrayList<>();
    for (Series series : result.series()) {
      series.at(at).ifPresent(sample -> parts.add(series.labelText() + " " + rawPair(sample)));
    }
    return parts.isEmpty() ? "[]" : String.join("; ", parts);
  }

  /** The step's sample as the API writes it: {@code [1714000000.000,"0.42"]}. */
  static String rawPair(Sample sample) {
    double v = sample.value();
    String value =
        Double.isNaN(v)
            ? "NaN"
            : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
    long millis = sample.timestamp().toEpochMilli();
    return "[%d.%03d,\"%s\"]"
        .formatted(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000), value);
  }
}
