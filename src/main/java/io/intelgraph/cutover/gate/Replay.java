package io.intelgraph.cutover.gate;

import static io.intelgraph.cutover.gate.AsyncAnswers.join;
import static io.intelgraph.cutover.gate.AsyncAnswers.promQlFailure;

import io.intelgraph.cutover.prometheus.InFlightLimit;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.RangeMatrix;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

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
 * so long ranges are fetched in chunks of {@value #CHUNK_STEPS} steps. Each distinct request
 * (expression, range, step) is sent once however many gates read it, in whatever role (the 5xx and
 * auth ratios count the same requests; a canary gate's stable value is often another's value), at
 * most {@value #IN_FLIGHT} at a time, and read as it streams in into primitive columns ({@link
 * RangeMatrix}), so the time it takes grows with the window, not with the gates. The answers are
 * then cut per step and judged by the same {@link OutcomeClassifier} and {@link VerdictRules} as a
 * live check. The step is the simulated gate interval: a 15 s step judges "two consecutive
 * failures" 15 s apart. The rules API has no history: a gate on alerting rules is judged with the
 * rules loaded when the replay runs (do they exist, do they evaluate), asked once; the firing count
 * comes from the past {@code ALERTS} series like any value. A canary gate with {@code
 * compare_with_stable} also fetches stable's value per step and both tracks' samples at the scrape
 * step over the whole interval, and judges each step on the window [step - rate window, step] cut
 * out of them, as a live check would. A gate with {@code group_by} keeps every series of its value
 * and traffic questions and judges each step per label value, as a live check does. A shadow gate
 * is judged at every step like any other, left out of the release verdict like in a live check, and
 * summarised on its own: when it would have been RED.
 */
public final class Replay {

  static final int CHUNK_STEPS = 10_000;

  /**
   * Range requests in flight at once: enough to keep Prometheus busy while this side reads an
   * answer, few enough that a replay does not crowd out the live checks asking the same Prometheus.
   */
  static final int IN_FLIGHT = 4;

  private final PromQlClient client;
  private final VerdictRules.Rules rules;
  private final Optional<MetricContract> contract;
  private final Laps laps;

  /**
   * Where a replay's time goes, for {@code -Dmaestro.timings=true}: {@link #lap} at the end of each
   * phase in turn ({@code fetch}: every answer asked and read; {@code verdicts}: every step
   * judged), {@link #within} for work done inside a phase on other threads ({@code parse}: the time
   * spent reading answers, summed over the requests, part of {@code fetch}).
   */
  public interface Laps {
    Laps NONE =
        new Laps() {
          @Override
          public void lap(String phase) {}

          @Override
          public void within(String phase, long nanos) {}
        };

    void lap(String phase);

    void within(String phase, long nanos);
  }

  /**
   * A replay that proves no metric contract: for a Prometheus stand-in that answers scripted
   * queries only.
   */
  public Replay(PromQlClient client, VerdictRules.Rules rules) {
    this(client, rules, Optional.empty(), Laps.NONE);
  }

  /**
   * A replay whose gates count only where {@code contract} holds over the replayed interval (and
   * the lookback before it), proven once per run: a gate whose queries read no such series or label
   * is ERROR at every step, never a pass.
   */
  public Replay(PromQlClient client, VerdictRules.Rules rules, MetricContract contract) {
    this(client, rules, Optional.of(contract), Laps.NONE);
  }

  private Replay(
      PromQlClient client, VerdictRules.Rules rules, Optional<MetricContract> contract, Laps laps) {
    this.client = Objects.requireNonNull(client);
    this.rules = Objects.requireNonNull(rules);
    this.contract = contract;
    this.laps = Objects.requireNonNull(laps);
  }

  /** This replay, telling {@code laps} where its time goes. */
  public Replay withLaps(Laps laps) {
    return new Replay(client, rules, contract, laps);
  }

  /**
   * Evaluates {@code gates} at from, from + step, ... up to {@code to}, then applies the verdict
   * rules in order.
   */
  public ReplayReport run(
      List<Gate> gates, Instant from, Instant to, Duration step, Baselines baselines) {
    if (gates.isEmpty()) throw new IllegalArgumentException("nothing to replay: no gates");
    List<Instant> times = times(from, to, step);

    // the proof and the rules are asked beside the range requests, not before them
    Optional<CompletableFuture<MetricContract.Proof>> proving =
        contract.map(c -> c.proveAsync(gates, from.minus(c.lookback()), to));
    Optional<CompletableFuture<RulesAnswer>> asking =
        gates.stream().anyMatch(g -> g.spec().alertRules().isPresent())
            ? Optional.of(
                client
                    .alertingRulesAsync()
                    .handle(
                        (answer, failure) ->
                            failure == null
                                ? RulesAnswer.of(answer)
                                : RulesAnswer.failed(promQlFailure(failure))))
            : Optional.empty();
    Fetch fetch = new Fetch();
    List<Fetched> fetched = fetch.all(gates, times, step);
    Optional<MetricContract.Proof> proof = proving.map(AsyncAnswers::join);
    Optional<RulesAnswer> alertingRules = asking.map(AsyncAnswers::join);
    laps.lap("fetch");
    laps.within("parse", fetch.readNanos.sum());

    ReplayReport report =
        judge(gates, from, to, step, times, fetched, proof, alertingRules, baselines);
    laps.lap("verdicts");
    return report;
  }

  /** from, from + step, ... up to {@code to}. */
  private static List<Instant> times(Instant from, Instant to, Duration step) {
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
    return times;
  }

  private ReplayReport judge(
      List<Gate> gates,
      Instant from,
      Instant to,
      Duration step,
      List<Instant> times,
      List<Fetched> fetched,
      Optional<MetricContract.Proof> proof,
      Optional<RulesAnswer> alertingRules,
      Baselines baselines) {
    int n = gates.size();
    StreakTracker[] trackers = new StreakTracker[n];
    for (int g = 0; g < n; g++) trackers[g] = new StreakTracker(rules);
    int[] outcomes = new int[Outcome.values().length];
    Verdict worst = Verdict.GREEN;
    Instant firstRed = null;
    String firstRedReason = null;
    // per shadow gate (by index): its own worst verdict and first RED, since the release ignores it
    Verdict[] shadowWorst = new Verdict[n];
    GateVerdict[] shadowFirstRed = new GateVerdict[n];
    List<Optional<RulesAnswer>> gateRules = new ArrayList<>(n);
    for (int g = 0; g < n; g++) {
      Gate gate = gates.get(g);
      if (gate.shadow()) shadowWorst[g] = Verdict.GREEN;
      gateRules.add(gate.spec().alertRules().flatMap(regex -> alertingRules));
    }
    List<ReplayReport.Step> timeline = new ArrayList<>(times.size());
    for (int t = 0; t < times.size(); t++) {
      Instant at = times.get(t);
      GateVerdict[] verdicts = new GateVerdict[n];
      for (int g = 0; g < n; g++) {
        Gate gate = gates.get(g);
        Fetched f = fetched.get(g);
        GateEvaluation evaluation =
            OutcomeClassifier.classify(
                gate,
                at,
                f.value.at(t, at),
                f.traffic.isEmpty() ? Optional.empty() : Optional.of(f.traffic.get().at(t, at)),
                f.freshness.at(t, at),
                gateRules.get(g),
                baselines);
        if (f.versus.isPresent() && evaluation.passed()) {
          Versus v = f.versus.get();
          evaluation =
              VersusStableClassifier.judge(
                  gate, evaluation, v.stableValue.at(t, at), v.canary.cut(at), v.stable.cut(at));
        }
        if (proof.isPresent()) evaluation = proof.get().judge(evaluation);
        outcomes[evaluation.outcome().ordinal()]++;
        GateVerdict verdict = trackers[g].next(evaluation);
        verdicts[g] = verdict;
        if (verdict.shadow()) {
          shadowWorst[g] = shadowWorst[g].worse(verdict.verdict());
          if (verdict.verdict() == Verdict.RED && shadowFirstRed[g] == null)
            shadowFirstRed[g] = verdict;
        }
      }
      List<GateVerdict> all = List.of(verdicts);
      ReleaseVerdict release = VerdictRules.release(all);
      worst = worst.worse(release.verdict());
      if (release.verdict() == Verdict.RED && firstRed == null) {
        firstRed = at;
        firstRedReason = release.reason();
      }
      timeline.add(new ReplayReport.Step(at, all, release.verdict()));
    }
    Map<Outcome, Integer> counted = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      if (outcomes[outcome.ordinal()] > 0) counted.put(outcome, outcomes[outcome.ordinal()]);
    }
    List<ReplayReport.Shadow> shadows = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      if (shadowWorst[g] == null) continue;
      Optional<GateVerdict> red = Optional.ofNullable(shadowFirstRed[g]);
      shadows.add(
          new ReplayReport.Shadow(
              gates.get(g).name(),
              shadowWorst[g],
              red.map(v -> v.latest().evaluatedAt()),
              red.map(v -> v.reason() + ", " + v.latest().detail())));
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
            counted,
            shadows));
  }

  /** One range request as sent: what a replay asks Prometheus, each distinct one once. */
  record RangeRequest(String query, Instant start, Instant end, Duration step) {}

  /**
   * Every distinct range request a replay of {@code gates} over [from, to] at {@code step} sends,
   * in the order it first needs them (for a benchmark's floor: the same requests fetched raw).
   */
  static List<RangeRequest> requests(List<Gate> gates, Instant from, Instant to, Duration step) {
    List<Instant> times = times(from, to, step);
    LinkedHashSet<RangeRequest> all = new LinkedHashSet<>();
    for (Gate gate : gates) {
      all.addAll(chunks(gate.query(), times, step));
      gate.trafficQuery().ifPresent(q -> all.addAll(chunks(q, times, step)));
      all.addAll(chunks(gate.freshnessQuery(), times, step));
    }
    for (Gate gate : gates) {
      gate.versusStable()
          .ifPresent(
              v -> {
                all.addAll(chunks(v.stableQuery(), times, step));
                all.addAll(fineChunks(gate.query(), times, v));
                all.addAll(fineChunks(v.stableQuery(), times, v));
              });
    }
    return List.copyOf(all);
  }

  /** {@code query} at every evaluation time, in chunks of at most {@value #CHUNK_STEPS} steps. */
  private static List<RangeRequest> chunks(String query, List<Instant> times, Duration step) {
    List<RangeRequest> chunks = new ArrayList<>();
    for (int start = 0; start < times.size(); start += CHUNK_STEPS) {
      int end = Math.min(times.size(), start + CHUNK_STEPS) - 1;
      chunks.add(new RangeRequest(query, times.get(start), times.get(end), step));
    }
    return chunks;
  }

  /**
   * {@code query} at the scrape step over [first time - window, last time], in chunks, so each
   * step's comparison window [at - window, at] can be cut out of it.
   */
  private static List<RangeRequest> fineChunks(
      String query, List<Instant> times, Gate.VersusStable versus) {
    Instant to = times.get(times.size() - 1);
    List<RangeRequest> chunks = new ArrayList<>();
    Instant start = times.get(0).minus(versus.window());
    Duration chunk = versus.step().multipliedBy(CHUNK_STEPS - 1);
    while (!start.isAfter(to)) {
      Instant end = start.plus(chunk).isAfter(to) ? to : start.plus(chunk);
      chunks.add(new RangeRequest(query, start, end, versus.step()));
      start = end.plus(versus.step());
    }
    return chunks;
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

  /** One replay's range requests: each distinct one sent once, a few at a time. */
  private final class Fetch {
    private final InFlightLimit inFlight = new InFlightLimit(IN_FLIGHT);
    private final Map<RangeRequest, CompletableFuture<Object>> sent = new LinkedHashMap<>();
    final LongAdder readNanos = new LongAdder();

    List<Fetched> all(List<Gate> gates, List<Instant> times, Duration step) {
      // send everything first, then wait: the requests overlap each other and the rules and proof
      List<Map<String, List<CompletableFuture<Object>>>> asked = new ArrayList<>();
      for (Gate gate : gates) {
        Map<String, List<CompletableFuture<Object>>> mine = new HashMap<>();
        mine.put("value", send(chunks(gate.query(), times, step)));
        gate.trafficQuery().ifPresent(q -> mine.put("traffic", send(chunks(q, times, step))));
        mine.put("freshness", send(chunks(gate.freshnessQuery(), times, step)));
        gate.versusStable()
            .ifPresent(
                v -> {
                  mine.put(
                      VersusStableClassifier.STABLE_VALUE,
                      send(chunks(v.stableQuery(), times, step)));
                  mine.put(
                      VersusStableClassifier.CANARY_SAMPLES,
                      send(fineChunks(gate.query(), times, v)));
                  mine.put(
                      VersusStableClassifier.STABLE_SAMPLES,
                      send(fineChunks(v.stableQuery(), times, v)));
                });
        asked.add(mine);
      }
      List<Fetched> fetched = new ArrayList<>(gates.size());
      for (int g = 0; g < gates.size(); g++) {
        Gate gate = gates.get(g);
        Map<String, List<CompletableFuture<Object>>> mine = asked.get(g);
        List<String> groupBy = gate.spec().groupBy();
        fetched.add(
            new Fetched(
                answers("value", gate.query(), groupBy, mine.get("value")),
                gate.trafficQuery().map(q -> answers("traffic", q, groupBy, mine.get("traffic"))),
                answers("freshness", gate.freshnessQuery(), List.of(), mine.get("freshness")),
                gate.versusStable()
                    .map(
                        v ->
                            new Versus(
                                answers(
                                    VersusStableClassifier.STABLE_VALUE,
                                    v.stableQuery(),
                                    List.of(),
                                    mine.get(VersusStableClassifier.STABLE_VALUE)),
                                fine(
                                    VersusStableClassifier.CANARY_SAMPLES,
                                    gate.query(),
                                    v,
                                    mine.get(VersusStableClassifier.CANARY_SAMPLES)),
                                fine(
                                    VersusStableClassifier.STABLE_SAMPLES,
                                    v.stableQuery(),
                                    v,
                                    mine.get(VersusStableClassifier.STABLE_SAMPLES))))));
      }
      return fetched;
    }

    /** Each request's answer: a RangeMatrix, or the PromQlException that left it unknown. */
    private List<CompletableFuture<Object>> send(List<RangeRequest> requests) {
      List<CompletableFuture<Object>> answers = new ArrayList<>(requests.size());
      for (RangeRequest request : requests) {
        answers.add(sent.computeIfAbsent(request, this::ask));
      }
      return answers;
    }

    private CompletableFuture<Object> ask(RangeRequest r) {
      return inFlight
          .submit(
              () ->
                  client.queryRangeMatrixAsync(
                      r.query(), r.start(), r.end(), r.step(), readNanos::add))
          .handle((matrix, failure) -> failure == null ? matrix : promQlFailure(failure));
    }

    private RangeAnswers answers(
        String role, String query, List<String> groupBy, List<CompletableFuture<Object>> chunks) {
      return new RangeAnswers(
          role, query, groupBy, chunks.stream().map(AsyncAnswers::join).toList());
    }

    /**
     * One track's samples over the whole replay, or the first chunk's error that left them unknown.
     */
    private FineSamples fine(
        String role,
        String query,
        Gate.VersusStable versus,
        List<CompletableFuture<Object>> chunks) {
      List<RangeMatrix.Columns> parts = new ArrayList<>();
      for (CompletableFuture<Object> chunk : chunks) {
        Object answer = join(chunk);
        if (answer instanceof PromQlException e) {
          return new FineSamples(role, query, versus.window(), null, Optional.of(e));
        }
        try {
          ((RangeMatrix) answer).singleSeries().ifPresent(parts::add);
        } catch (PromQlException e) {
          return new FineSamples(role, query, versus.window(), null, Optional.of(e));
        }
      }
      return new FineSamples(
          role, query, versus.window(), RangeMatrix.Columns.concat(parts), Optional.empty());
    }
  }

  /**
   * One track's samples over the whole replay (oldest first), or the error that left them unknown.
   */
  private record FineSamples(
      String role,
      String query,
      Duration window,
      RangeMatrix.Columns samples,
      Optional<PromQlException> error) {

    StableSamples cut(Instant at) {
      if (error.isPresent()) return StableSamples.failed(role, query, error.get(), "");
      long millis = at.toEpochMilli();
      int low = samples.firstAtOrAfter(millis - window.toMillis());
      int end = samples.firstAtOrAfter(millis + 1);
      return StableSamples.cut(role, query, samples, low, end);
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
      RangeMatrix result = (RangeMatrix) chunk;
      long millis = at.toEpochMilli();
      if (!groupBy.isEmpty()) {
        return Answer.at(role, query, result.series(), millis, groupBy);
      }
      RangeMatrix.Columns found = null;
      int foundAt = -1;
      int matches = 0;
      for (RangeMatrix.Columns series : result.series()) {
        int i = series.indexOf(millis);
        if (i >= 0) {
          found = series;
          foundAt = i;
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
      if (found == null) {
        return new Answer(new Evidence(role, query, "[]"), Optional.empty(), Optional.empty());
      }
      return new Answer(
          new Evidence(role, query, rawPair(found.millis(foundAt), found.value(foundAt))),
          Optional.of(found.sample(foundAt)),
          Optional.empty());
    }
  }

  /** The step's sample as the API writes it: {@code [1714000000.000,"0.42"]}. */
  static String rawPair(Sample sample) {
    return rawPair(sample.timestamp().toEpochMilli(), sample.value());
  }

  /**
   * As {@link #rawPair(Sample)}, built once per sample: replay writes one per step and question.
   */
  static String rawPair(long millis, double v) {
    return appendPair(new StringBuilder(40), millis, v).toString();
  }

  static StringBuilder appendPair(StringBuilder text, long millis, double v) {
    String value =
        Double.isNaN(v)
            ? "NaN"
            : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
    long fraction = Math.floorMod(millis, 1000);
    text.append('[').append(Math.floorDiv(millis, 1000)).append('.');
    if (fraction < 100) text.append('0');
    if (fraction < 10) text.append('0');
    return text.append(fraction).append(",\"").append(value).append("\"]");
  }
}
