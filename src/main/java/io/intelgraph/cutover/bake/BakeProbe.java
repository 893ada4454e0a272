package io.intelgraph.cutover.bake;

import io.intelgraph.cutover.config.Comparison;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.KpiQuery;
import io.intelgraph.cutover.config.Threshold;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.StepCompliance;
import io.intelgraph.cutover.prometheus.LabelNames;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.Sample;
import io.intelgraph.cutover.prometheus.Series;
import io.intelgraph.cutover.prometheus.VectorSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Judges one KPI or closeout line over a {@link BakeWindow} with real PromQL, failing closed.
 *
 * <p>Design note: every line first measures its {@link Coverage}, the range query {@code
 * sum(rate(<denominator>[rate_window]))} at a step of the configured window / {@value #MAX_STEPS},
 * so a window Prometheus only partly holds (it started later, full traffic is younger than the
 * window, a scrape outage) is judged on what exists and says how much that was; less than {@code
 * min_coverage} is {@code NO_DATA}. Counts over the window are {@code increase(...[W])} at the
 * window's end, with {@code W} the window's length: {@code increase} does not extrapolate across a
 * gap at the start of its range, so a half-filled window counts what is there (and both sides of a
 * ratio the same way). Fewer events than {@code min_traffic} is {@code LOW_SAMPLE}. Only a finite
 * value that meets the target is {@code PASS}.
 *
 * <p>A ratio's part ({@code good} of {@code all}, {@code bad} of {@code all}) may read no series
 * and count 0, so before it counts, the labels it matches on are proven to exist on its metric's
 * series in the window (Prometheus's label names API, as the gates' {@code MetricContract} does):
 * {@code http_requests_total{status_code!~"5.."}} on series labelled {@code status} would read
 * every request as good, 100 % availability during an outage. A missing label is {@code ERROR}
 * naming the labels present and the key to change, never a pass.
 *
 * <pre>{@code
 * BakeProbe probe = BakeProbe.kpi(env);
 * BakeResult r = probe.ratio("GraphQL query success rate", good, all, Threshold.parse("> 99%"), window);
 * assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.PASS);
 * }</pre>
 */
public final class BakeProbe {

  /**
   * Steps of a range query over the configured window; 72 h at 720 steps is one every 6 minutes.
   */
  static final int MAX_STEPS = 720;

  private final PromQlClient prometheus;
  private final Duration rateWindow;
  private final Duration finestStep;
  private final double minCoverage;
  private final double minTraffic;

  public BakeProbe(
      PromQlClient prometheus,
      Duration rateWindow,
      Duration finestStep,
      double minCoverage,
      double minTraffic) {
    this.prometheus = prometheus;
    this.rateWindow = rateWindow;
    this.finestStep = finestStep;
    this.minCoverage = minCoverage;
    this.minTraffic = minTraffic;
  }

  /**
   * The KPI watch's probe: {@code kpi.min_coverage}, {@code kpi.min_traffic}, steps no finer than a
   * scrape.
   */
  public static BakeProbe kpi(Environment env) {
    return new BakeProbe(
        client(env),
        env.cadence().rateWindow(),
        env.cadence().scrapeInterval(),
        env.kpi().minCoverage(),
        env.kpi().minTraffic());
  }

  /** The closeout's probe: {@code closeout.min_coverage}, {@code closeout.min_traffic}. */
  public static BakeProbe closeout(Environment env) {
    return new BakeProbe(
        client(env),
        env.cadence().rateWindow(),
        env.cadence().scrapeInterval(),
        env.closeout().minCoverage(),
        env.closeout().minTraffic());
  }

  private static PromQlClient client(Environment env) {
    return PromQlClient.forEnvironment(env);
  }

  /**
   * The step of this probe's range queries over {@code window}: the configured window / {@value
   * #MAX_STEPS}, never finer than a scrape.
   */
  public Duration step(BakeWindow window) {
    return window.step(finestStep, MAX_STEPS);
  }

  /**
   * Any series over the window, at {@link #step}: what the closeout's dashboard export saves beside
   * the figures this probe judges.
   *
   * @throws PromQlException if Prometheus does not answer, or answers an error
   */
  public QueryResult range(String query, BakeWindow window) {
    return prometheus.queryRange(query, window.start(), window.end(), step(window));
  }

  /** How much of {@code window} holds data for the counter {@code selector}. */
  public Coverage coverage(String selector, BakeWindow window) {
    Duration step = step(window);
    String query = "sum(rate(%s[%s]))".formatted(selector, promDuration(rateWindow));
    QueryResult answer = prometheus.queryRange(query, window.start(), window.end(), step);
    return Coverage.of(window, answer.singleSeries(), step, query);
  }

  /**
   * {@code sum(increase(good[W])) / sum(increase(all[W]))}; no {@code good} series counts as 0 only
   * when {@code all} has data.
   */
  public BakeResult ratio(
      String line, String good, String all, Threshold target, BakeWindow window) {
    List<String> queries = new ArrayList<>();
    try {
      Optional<String> unread = missingLabels(good, window, queries);
      if (unread.isPresent()) return unreadable(line, window, target, queries, unread.get());
      Coverage coverage = coverage(all, window);
      queries.add(coverage.query());
      OptionalDouble total = count(all, window, queries);
      OptionalDouble passed = count(good, window, queries);
      OptionalDouble value =
          total.isPresent() && total.getAsDouble() > 0
              ? OptionalDouble.of(passed.orElse(0) / total.getAsDouble())
              : OptionalDouble.empty();
      String detail =
          "%s of %s events (%s: %s; all: %s)"
              .formatted(
                  number(passed.orElse(0)),
                  total.isPresent() ? number(total.getAsDouble()) : "none",
                  "good",
                  good,
                  all);
      return judged(
          line, window, Optional.of(coverage), total, value, Optional.of(target), detail, queries);
    } catch (PromQlException e) {
      return error(line, window, target, queries, e);
    }
  }

  /**
   * The share of the window's steps whose p95 ({@code histogram_quantile(0.95, ...)} of {@code
   * bucket} over {@code rate_window}) meets {@code perStep}, against {@code share}.
   */
  public BakeResult p95Compliance(
      String line,
      String bucket,
      String count,
      Threshold perStep,
      Threshold share,
      BakeWindow window) {
    List<String> queries = new ArrayList<>();
    try {
      Duration step = step(window);
      String query = p95Series(bucket);
      queries.add(query + " (range, step " + promDuration(step) + ")");
      Optional<Series> series =
          prometheus.queryRange(query, window.start(), window.end(), step).singleSeries();
      Coverage coverage = Coverage.of(window, series, step, query);
      List<Sample> inWindow =
          series.map(Series::samples).orElse(List.of()).stream()
              .filter(
                  s ->
                      !s.timestamp().isBefore(window.start())
                          && !s.timestamp().isAfter(window.end()))
              .toList();
      StepCompliance compliance = StepCompliance.of(inWindow, perStep);
      OptionalDouble total = count(count, window, queries);
      OptionalDouble value =
          compliance.withData() == 0
              ? OptionalDouble.empty()
              : OptionalDouble.of(compliance.share());
      String detail =
          "%s; %s requests behind the quantiles"
              .formatted(compliance, total.isPresent() ? number(total.getAsDouble()) : "no");
      return judged(
          line, window, Optional.of(coverage), total, value, Optional.of(share), detail, queries);
    } catch (PromQlException e) {
      return error(line, window, share, queries, e);
    }
  }

  /**
   * The p95 latency over the rate window, as a series: {@code histogram_quantile(0.95, sum by (le)
   * (rate(<bucket>[rate_window])))}, what {@link #p95Compliance} judges step by step.
   */
  public String p95Series(String bucket) {
    return "histogram_quantile(0.95, sum by (le) (rate(%s[%s])))"
        .formatted(bucket, promDuration(rateWindow));
  }

  /**
   * A ratio over the rate window, as a series (a dashboard's availability or 5xx panel): {@code
   * (sum(rate(<part>[rate_window])) or <all> * 0) / sum(rate(<all>[rate_window]))}. A part with no
   * series counts 0 only where {@code all} has data, so no traffic stays no data.
   */
  public String ratioSeries(String part, String all) {
    String window = promDuration(rateWindow);
    return "(sum(rate(%s[%s])) or (sum(rate(%s[%s])) * 0)) / sum(rate(%s[%s]))"
        .formatted(part, window, all, window, all, window);
  }

  /**
   * The share of the SLO period's error budget the window spent, with the arithmetic (see {@link
   * ErrorBudget}).
   */
  public BakeResult errorBudget(
      String line,
      String bad,
      String all,
      double slo,
      Duration period,
      Threshold maxBurn,
      BakeWindow window) {
    List<String> queries = new ArrayList<>();
    try {
      Optional<String> unread = missingLabels(bad, window, queries);
      if (unread.isPresent()) return unreadable(line, window, maxBurn, queries, unread.get());
      Coverage coverage = coverage(all, window);
      queries.add(coverage.query());
      OptionalDouble total = count(all, window, queries);
      OptionalDouble failed = count(bad, window, queries);
      OptionalDouble value = OptionalDouble.empty();
      String detail = "no requests in the window, so no error ratio";
      if (total.isPresent() && total.getAsDouble() > 0) {
        double badCount = Math.min(failed.orElse(0), total.getAsDouble());
        ErrorBudget budget =
            new ErrorBudget(badCount, total.getAsDouble(), window.configured(), slo, period);
        value = OptionalDouble.of(budget.burn());
        detail =
            budget.arithmetic()
                + " (the covered data's error ratio, taken for the whole configured window)";
      }
      return judged(
          line, window, Optional.of(coverage), total, value, Optional.of(maxBurn), detail, queries);
    } catch (PromQlException e) {
      return error(line, window, maxBurn, queries, e);
    }
  }

  /**
   * Events per minute over the window, {@code sum(increase(selector[W]))} divided by the time the
   * window holds data ({@link Coverage#covered()}), as a share of {@code baselinePerMinute}, the
   * same rate recorded at T-30 ({@code baseline} says where it came from), against {@code target}.
   *
   * <p>Not the mean of {@code rate()} over the window's steps: {@code rate()} divides by its whole
   * range, so in the first {@code rate_window} after Prometheus started it reads low, which would
   * judge a freshly started Prometheus as lost traffic.
   */
  public BakeResult perMinuteVsBaseline(
      String line,
      String selector,
      double baselinePerMinute,
      String baseline,
      Threshold target,
      BakeWindow window) {
    List<String> queries = new ArrayList<>();
    try {
      Coverage coverage = coverage(selector, window);
      queries.add(coverage.query());
      OptionalDouble total = count(selector, window, queries);
      double minutes = coverage.covered().toMillis() / 60_000.0;
      OptionalDouble current =
          total.isPresent() && minutes > 0
              ? OptionalDouble.of(total.getAsDouble() / minutes)
              : OptionalDouble.empty();
      OptionalDouble value =
          current.isPresent() && baselinePerMinute > 0
              ? OptionalDouble.of(current.getAsDouble() / baselinePerMinute)
              : OptionalDouble.empty();
      String detail =
          "current %s/min (%s events in the %s the window holds data) vs baseline %s/min (%s)"
              .formatted(
                  current.isPresent() ? number(current.getAsDouble()) : "none",
                  total.isPresent() ? number(total.getAsDouble()) : "no",
                  BakeWindow.human(coverage.covered()),
                  number(baselinePerMinute),
                  baseline);
      return judged(
          line, window, Optional.of(coverage), total, value, Optional.of(target), detail, queries);
    } catch (PromQlException e) {
      return error(line, window, target, queries, e);
    }
  }

  /**
   * The p95 of a histogram over the whole window, with an optional target (absent: the value is
   * reported).
   */
  public BakeResult p95OverWindow(
      String line, String bucket, String count, Optional<Threshold> target, BakeWindow window) {
    List<String> queries = new ArrayList<>();
    try {
      Coverage coverage = coverage(count, window);
      queries.add(coverage.query());
      OptionalDouble total = count(count, window, queries);
      String query =
          "histogram_quantile(0.95, sum by (le) (increase(%s[%s])))"
              .formatted(bucket, window.range());
      queries.add(query);
      OptionalDouble value = scalar(query, window.end());
      String detail =
          "%s requests".formatted(total.isPresent() ? number(total.getAsDouble()) : "no");
      return judged(line, window, Optional.of(coverage), total, value, target, detail, queries);
    } catch (PromQlException e) {
      return new BakeResult(
          line,
          Outcome.ERROR,
          OptionalDouble.empty(),
          target,
          window,
          Optional.empty(),
          e.getMessage(),
          queries,
          Instant.now());
    }
  }

  /**
   * A configured query ({@code {{window}}} = the window as a range) at the window's end: every
   * series must be finite and meet the threshold, if there is one. Its coverage is the query's own
   * business.
   */
  public BakeResult configured(String line, KpiQuery spec, BakeWindow window) {
    String query = spec.query().replace("{{window}}", window.range());
    List<String> queries = List.of(query);
    try {
      QueryResult answer = prometheus.query(query, window.end());
      List<Series> series = answer.series();
      if (series.isEmpty()) {
        return new BakeResult(
            line,
            Outcome.NO_DATA,
            OptionalDouble.empty(),
            spec.threshold(),
            window,
            Optional.empty(),
            "the query answered no series",
            queries,
            answer.evaluatedAt());
      }
      String values =
          series.stream()
              .map(
                  s ->
                      s.labelText()
                          + " = "
                          + number(s.samples().get(s.samples().size() - 1).value()))
              .collect(Collectors.joining(", "));
      List<Double> last =
          series.stream().map(s -> s.samples().get(s.samples().size() - 1).value()).toList();
      boolean allFinite = last.stream().allMatch(Double::isFinite);
      OptionalDouble worst = worst(last, spec.threshold());
      Outcome outcome =
          !allFinite
              ? Outcome.NO_DATA
              : spec.threshold()
                  .map(t -> last.stream().allMatch(t::isMetBy) ? Outcome.PASS : Outcome.BREACH)
                  .orElse(Outcome.PASS);
      return new BakeResult(
          line,
          outcome,
          worst,
          spec.threshold(),
          window,
          Optional.empty(),
          "%d series: %s%s"
              .formatted(
                  series.size(),
                  values,
                  allFinite ? "" : " (a NaN or infinite value is never a pass)"),
          queries,
          answer.evaluatedAt());
    } catch (PromQlException e) {
      return new BakeResult(
          line,
          Outcome.ERROR,
          OptionalDouble.empty(),
          spec.threshold(),
          window,
          Optional.empty(),
          e.getMessage(),
          queries,
          Instant.now());
    }
  }

  // ---- judging ---------------------------------------------------------------------------------

  /**
   * The outcome and its reason from what was measured; the order is the order a person would ask
   * in.
   */
  record Judgement(Outcome outcome, String reason) {}

  static Judgement judge(
      Coverage coverage,
      double minCoverage,
      OptionalDouble traffic,
      double minTraffic,
      OptionalDouble value,
      Optional<Threshold> target) {
    if (!coverage.meets(minCoverage)) {
      return new Judgement(
          Outcome.NO_DATA,
          "too little of the window holds data: %.1f %% < min_coverage %.1f %%"
              .formatted(coverage.fraction() * 100, minCoverage * 100));
    }
    if (traffic.isEmpty() || Double.isNaN(traffic.getAsDouble()))
      return new Judgement(Outcome.NO_DATA, "no events in the window");
    if (traffic.getAsDouble() < minTraffic) {
      return new Judgement(
          Outcome.LOW_SAMPLE,
          "%s events in the window < min_traffic %s"
              .formatted(number(traffic.getAsDouble()), number(minTraffic)));
    }
    if (value.isEmpty() || Double.isNaN(value.getAsDouble()))
      return new Judgement(Outcome.NO_DATA, "no value to judge");
    if (target.isEmpty()) {
      return Double.isFinite(value.getAsDouble())
          ? new Judgement(Outcome.PASS, "reported (the runbook gives no target)")
          : new Judgement(Outcome.BREACH, "the value is infinite");
    }
    return target.get().isMetBy(value.getAsDouble())
        ? new Judgement(Outcome.PASS, "meets " + target.get())
        : new Judgement(Outcome.BREACH, "misses " + target.get());
  }

  private BakeResult judged(
      String line,
      BakeWindow window,
      Optional<Coverage> coverage,
      OptionalDouble traffic,
      OptionalDouble value,
      Optional<Threshold> target,
      String detail,
      List<String> queries) {
    Judgement j = judge(coverage.orElseThrow(), minCoverage, traffic, minTraffic, value, target);
    return new BakeResult(
        line,
        j.outcome(),
        value,
        target,
        window,
        coverage,
        j.reason() + "; " + detail,
        queries,
        window.end());
  }

  private static BakeResult error(
      String line, BakeWindow window, Threshold target, List<String> queries, PromQlException e) {
    return new BakeResult(
        line,
        Outcome.ERROR,
        OptionalDouble.empty(),
        Optional.of(target),
        window,
        Optional.empty(),
        "no usable answer from Prometheus: " + e.getMessage(),
        queries,
        Instant.now());
  }

  /**
   * The labels {@code part} matches on that its metric's series in the window do not carry, as a
   * sentence; empty when every one exists ({@code label=""}, which selects the label's absence,
   * needs none).
   */
  private Optional<String> missingLabels(String part, BakeWindow window, List<String> queries) {
    List<String> problems = new ArrayList<>();
    for (VectorSelector selector : VectorSelector.in(part)) {
      Optional<String> metric = selector.metricName();
      List<String> needed = selector.requiredLabels();
      if (metric.isEmpty() || needed.isEmpty()) continue;
      queries.add("GET /api/v1/labels?match[]=" + metric.get());
      LabelNames names = prometheus.labelNames(metric.get(), window.start(), window.end());
      if (!names.matchedSeries())
        continue; // no series at all: the coverage and the count say NO_DATA
      List<String> missing =
          needed.stream().filter(label -> !names.names().contains(label)).toList();
      if (!missing.isEmpty()) {
        problems.add(
            "%s has labels %s in the window; %s matches on %s: set prometheus.labels.status if that is the status label, else change the query"
                .formatted(metric.get(), names.describe(), selector, String.join(", ", missing)));
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static BakeResult unreadable(
      String line, BakeWindow window, Threshold target, List<String> queries, String problem) {
    return new BakeResult(
        line,
        Outcome.ERROR,
        OptionalDouble.empty(),
        Optional.of(target),
        window,
        Optional.empty(),
        "its query does not read this Prometheus's series, so a count of 0 would mean nothing: "
            + problem,
        queries,
        window.end());
  }

  private OptionalDouble count(String selector, BakeWindow window, List<String> queries) {
    String query = "sum(increase(%s[%s]))".formatted(selector, window.range());
    queries.add(query);
    return scalar(query, window.end());
  }

  private OptionalDouble scalar(String query, Instant at) {
    return prometheus
        .query(query, at)
        .singleSample()
        .map(s -> OptionalDouble.of(s.value()))
        .orElse(OptionalDouble.empty());
  }

  private static OptionalDouble worst(List<Double> values, Optional<Threshold> threshold) {
    if (values.size() == 1) return OptionalDouble.of(values.get(0));
    if (threshold.isEmpty()) return OptionalDouble.empty();
    Comparison c = threshold.get().comparison();
    boolean upper = c == Comparison.AT_MOST || c == Comparison.LESS_THAN;
    return upper
        ? values.stream().mapToDouble(Double::doubleValue).max()
        : values.stream().mapToDouble(Double::doubleValue).min();
  }

  /**
   * A duration as PromQL writes it, whole seconds or milliseconds: {@code 300s}, {@code 1500ms}.
   */
  static String promDuration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  static String number(double n) {
    if (Double.isNaN(n) || Double.isInfinite(n)) return Double.toString(n);
    if (n == Math.rint(n) && Math.abs(n) < 1e15) return Long.toString((long) n);
    String text = String.format(Locale.ROOT, "%.4g", n);
    return text.contains("e")
        ? text
        : text.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
  }
}
