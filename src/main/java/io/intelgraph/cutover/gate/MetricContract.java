package io.intelgraph.cutover.gate;

import static io.intelgraph.cutover.gate.AsyncAnswers.join;
import static io.intelgraph.cutover.gate.AsyncAnswers.promQlFailure;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings;
import io.intelgraph.cutover.prometheus.LabelNames;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.VectorSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves, against the environment's Prometheus, that the gates' queries read this production's
 * series before any of their values can count: for each gate and scope, every metric its queries
 * select has series in the lookback, the series of the scope (its selector, e.g. {@code
 * track="canary"}) exist, and every label the selectors match on exists on them; a histogram
 * quantile's {@code _bucket} series carry {@code le}, and the series a gate with {@code group_by}
 * groups carry its group_by labels. So a numerator's {@code or vector(0)} can only mean "no
 * errors", never "a label this Prometheus does not have". A gate whose contract is broken is ERROR
 * (never PASS), with the labels actually present and the key to change.
 *
 * <pre>{@code
 * MetricContract contract = MetricContract.forEnvironment(env, client);
 * MetricContract.Proof proof = contract.prove(Gate.all(env, Scope.CANARY), Instant.now());
 * assertThat(proof.problems()).as(proof.describe()).isEmpty();
 * // "error_ratio_5xx (canary): http_requests_total has labels {method, route, status, track}; error_ratio_5xx matches on
 * //  status_code (gates.error_ratio_5xx.query): set prometheus.labels.status (or the gate's query)"
 * }</pre>
 *
 * <p>Design note: the selectors come from the resolved queries' text ({@link VectorSelector}), and
 * Prometheus is asked through its label names API ({@code GET /api/v1/labels?match[]=...},
 * https://prometheus.io/docs/prometheus/latest/querying/api/#getting-label-names): once per metric
 * ({@code match[]=metric}: does it exist, which labels) and once per metric and scope ({@code
 * match[]=metric{track="canary"}}), each distinct question once, all at once. A proof that holds is
 * kept for the rest of the run ({@link #provenAsync}): labels do not change within a cutover, so it
 * costs one round trip per evaluator, not per check. A broken or unanswered proof is asked again at
 * the next check, so a fix (or a series that appears late) is seen. The alerting rules' {@code
 * ALERTS} series exist only while an alert fires: a gate on alert_rules proves those through the
 * rules API instead ({@link RulesAnswer}).
 */
public final class MetricContract {

  /** Prometheus's synthetic alert series: present only while alerts are pending or firing. */
  private static final Set<String> ALERT_SERIES = Set.of("ALERTS", "ALERTS_FOR_STATE");

  private final PromQlClient client;
  private final PrometheusSettings settings;
  private final Duration lookback;
  private final Map<String, Proof> held = new ConcurrentHashMap<>();

  /**
   * @param settings the selectors and the status label, named in the fixes
   * @param lookback how far back a live proof looks for series, e.g. the rate window
   */
  public MetricContract(PromQlClient client, PrometheusSettings settings, Duration lookback) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (lookback.isNegative() || lookback.isZero())
      throw new IllegalArgumentException("contract lookback must be positive, got " + lookback);
    this.lookback = lookback;
  }

  /**
   * The environment's contract: its selectors and labels, looking back the longer of the rate
   * window and any gate's max_staleness.
   */
  public static MetricContract forEnvironment(Environment environment, PromQlClient client) {
    Duration lookback = environment.cadence().rateWindow();
    for (GateSpec spec : environment.gates().values()) {
      if (spec.maxStaleness().compareTo(lookback) > 0) lookback = spec.maxStaleness();
    }
    return new MetricContract(client, environment.prometheus(), lookback);
  }

  /**
   * The T-15 line "Gate queries read production's series": every gate of the environment on every
   * scope (stable, canary, all), proven over the lookback before {@code at}.
   */
  public static Proof proveEveryScope(Environment environment, Instant at) {
    PromQlClient client = PromQlClient.forEnvironment(environment);
    List<Gate> gates = new ArrayList<>();
    for (Scope scope : Scope.values()) gates.addAll(Gate.all(environment, scope));
    return forEnvironment(environment, client).prove(gates, at);
  }

  /** How far back a live proof looks. */
  public Duration lookback() {
    return lookback;
  }

  /** Proves {@code gates} over [end - lookback, end], asking Prometheus now. */
  public Proof prove(List<Gate> gates, Instant end) {
    return join(proveAsync(gates, end.minus(lookback), end));
  }

  /** Proves {@code gates} over [start, end] (a replay's interval), asking Prometheus now. */
  public Proof prove(List<Gate> gates, Instant start, Instant end) {
    return join(proveAsync(gates, start, end));
  }

  /**
   * The proof for {@code gates} at {@code end}: the one kept from earlier in this run if it held
   * for the same queries, else asked now (and kept if it holds).
   */
  public CompletableFuture<Proof> provenAsync(List<Gate> gates, Instant end) {
    String key = key(gates);
    Proof kept = held.get(key);
    if (kept != null) return CompletableFuture.completedFuture(kept);
    return proveAsync(gates, end.minus(lookback), end)
        .thenApply(
            proof -> {
              if (proof.holds()) held.putIfAbsent(key, proof);
              return proof;
            });
  }

  /**
   * Asks every distinct question of {@code gates} at once; completes with the judged proof, never
   * exceptionally for Prometheus's failures.
   */
  public CompletableFuture<Proof> proveAsync(List<Gate> gates, Instant start, Instant end) {
    List<Read> reads = reads(gates, settings.selectors());
    Map<String, CompletableFuture<Object>> asked = new LinkedHashMap<>();
    for (Read read : reads) {
      for (String match : read.matches()) {
        asked.computeIfAbsent(
            match,
            m ->
                client
                    .labelNamesAsync(m, start, end)
                    .<Object>thenApply(names -> names)
                    .exceptionally(failure -> promQlFailure(failure)));
      }
    }
    return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, Object> answers = new LinkedHashMap<>();
              asked.forEach((match, answer) -> answers.put(match, answer.join()));
              return judge(gates, answers::get, settings, start, end);
            });
  }

  /**
   * The contract of {@code gates}, judged on the label names API's answers ({@link LabelNames}, or
   * the {@link PromQlException} that left one unanswered) keyed by {@code match[]}: pure, for the
   * tests.
   */
  static Proof judge(
      List<Gate> gates,
      java.util.function.Function<String, Object> answers,
      PrometheusSettings settings,
      Instant start,
      Instant end) {
    Set<String> asked = new LinkedHashSet<>();
    Map<String, Set<String>> problems = new LinkedHashMap<>();
    Map<String, List<Evidence>> evidence = new LinkedHashMap<>();
    boolean answered = true;
    String range =
        Duration.between(start, end).isZero()
            ? "at " + end
            : "between %s and %s".formatted(start, end);
    for (Read read : reads(gates, settings.selectors())) {
      String where = read.gate().name() + " (" + read.gate().scope().label() + ")";
      List<String> found = new ArrayList<>();
      List<Evidence> seen = new ArrayList<>();
      for (String match : read.matches()) {
        Object answer = answers.apply(match);
        if (answer == null) throw new IllegalArgumentException("no answer for match[]=" + match);
        asked.add(match);
        seen.add(
            answer instanceof LabelNames names
                ? new Evidence("contract", "GET /api/v1/labels?match[]=" + match, names.rawJson())
                : new Evidence(
                    "contract",
                    "GET /api/v1/labels?match[]=" + match,
                    ((PromQlException) answer).getMessage()));
        if (answer instanceof PromQlException e) {
          answered = false;
          found.add(
              "could not ask whether %s has series %s: %s".formatted(match, range, e.getMessage()));
        }
      }
      if (found.isEmpty() && read.unreadable().isPresent()) found.add(read.unreadable().get());
      if (found.isEmpty())
        found.addAll(
            read.judge(
                (LabelNames) answers.apply(read.bare()),
                (LabelNames) answers.apply(read.scoped()),
                settings,
                range));
      if (!found.isEmpty()) {
        problems.computeIfAbsent(where, w -> new LinkedHashSet<>()).addAll(found);
        evidence.computeIfAbsent(where, w -> new ArrayList<>()).addAll(seen);
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Gate gate : gates) {
      String where = gate.name() + " (" + gate.scope().label() + ")";
      if (problems.containsKey(where)
          && findings.stream().noneMatch(f -> f.where().equals(where))) {
        findings.add(
            new Finding(
                gate.name(),
                gate.scope(),
                List.copyOf(problems.get(where)),
                evidence.get(where).stream().distinct().toList()));
      }
    }
    return new Proof(start, end, gates.size(), asked.size(), findings, answered);
  }

  /** One selector a gate's query reads on its scope, and what it relies on. */
  private record Read(
      Gate gate,
      String key,
      String metric,
      List<VectorSelector.Matcher> scopeMatchers,
      List<String> required,
      Optional<String> unreadable) {

    /** A query whose selectors cannot be read: its gate cannot be proven, so it cannot count. */
    static Read unreadable(Gate gate, String key, IllegalArgumentException e) {
      return new Read(
          gate,
          key,
          "",
          List.of(),
          List.of(),
          Optional.of("gates.%s.%s: %s".formatted(gate.name(), key, e.getMessage())));
    }

    /** {@code match[]=metric}, then {@code match[]=metric{scope}} when the selector is scoped. */
    List<String> matches() {
      if (unreadable.isPresent()) return List.of();
      return bare().equals(scoped()) ? List.of(bare()) : List.of(bare(), scoped());
    }

    String bare() {
      return metric;
    }

    String scoped() {
      if (scopeMatchers.isEmpty()) return metric;
      return new VectorSelector(Optional.of(metric), scopeMatchers).toString();
    }

    List<String> judge(
        LabelNames bare, LabelNames scoped, PrometheusSettings settings, String range) {
      if (unreadable.isPresent()) return List.of(unreadable.get());
      String gateName = gate.name();
      String scope = gate.scope().label();
      if (!bare.matchedSeries()) {
        return List.of(
            "no series of %s %s: %s reads it; check the metric name in gates.%s and that Prometheus scrapes it"
                .formatted(metric, range, gateName, gateName));
      }
      List<String> found = new ArrayList<>();
      for (VectorSelector.Matcher matcher : scopeMatchers) {
        if (!bare.names().contains(matcher.label())) {
          found.add(
              "%s has labels %s; the %s scope's selector matches on %s: set prometheus.selectors.%s"
                  .formatted(metric, bare.describe(), scope, matcher.label(), scope));
        }
      }
      if (!found.isEmpty()) return found;
      if (!scoped.matchedSeries()) {
        return List.of(
            "no series of %s %s: %s has series, but none on the %s scope; check that the %s track is deployed and scraped, and prometheus.selectors.%s"
                .formatted(scoped(), range, metric, scope, scope, scope));
      }
      for (String label : required) {
        if (scoped.names().contains(label)) continue;
        String fix =
            label.equals(settings.labels().status())
                ? "set prometheus.labels.status (or the gate's query)"
                : gate.spec().groupBy().contains(label)
                    ? "change gates.%s.group_by to labels its series carry".formatted(gateName)
                    : label.equals("le")
                        ? "a histogram quantile needs classic histogram _bucket series with le: point gates.%s.%s at one"
                            .formatted(gateName, key)
                        : "change gates.%s.%s".formatted(gateName, key);
        found.add(
            "%s has labels %s; %s matches on %s (gates.%s.%s): %s"
                .formatted(metric, scoped.describe(), gateName, label, gateName, key, fix));
      }
      return found;
    }
  }

  /**
   * Every selector every gate reads, with the scope's matchers among its own and the labels it
   * needs.
   */
  private static List<Read> reads(List<Gate> gates, PrometheusSettings.Selectors selectors) {
    List<Read> reads = new ArrayList<>();
    for (Gate gate : gates) {
      String scopeSelector = gate.scope().selector(selectors);
      List<VectorSelector.Matcher> scopeMatchers =
          scopeSelector.isBlank()
              ? List.of()
              : VectorSelector.in("{" + scopeSelector + "}").get(0).matchers();
      Map<String, String> queries = new LinkedHashMap<>();
      queries.put("query", gate.query());
      gate.trafficQuery().ifPresent(q -> queries.put("traffic_query", q));
      queries.put("freshness_query", gate.freshnessQuery());
      queries.forEach(
          (key, query) -> {
            List<VectorSelector> read;
            try {
              read = VectorSelector.in(query);
            } catch (IllegalArgumentException e) {
              reads.add(Read.unreadable(gate, key, e));
              return;
            }
            for (VectorSelector selector : read) {
              Optional<String> metric = selector.metricName();
              if (metric.isPresent()
                  && ALERT_SERIES.contains(metric.get())
                  && gate.spec().alertRules().isPresent()) continue;
              String asked = metric.orElse(selector.toString());
              List<VectorSelector.Matcher> scoped =
                  selector.matchers().stream().filter(scopeMatchers::contains).toList();
              List<String> required =
                  new ArrayList<>(
                      new VectorSelector(
                              selector.metric(),
                              selector.matchers().stream()
                                  .filter(m -> !scoped.contains(m))
                                  .toList())
                          .requiredLabels());
              if (asked.endsWith("_bucket")
                  && query.contains("histogram_quantile")
                  && !required.contains("le")) required.add("le");
              // a grouped gate's groups come from these labels: without them on the series the
              // answer is one unlabelled group, a gate silently judged as one number
              if (!key.equals("freshness_query")) {
                for (String label : gate.spec().groupBy()) {
                  if (!required.contains(label)) required.add(label);
                }
              }
              reads.add(
                  new Read(gate, key, asked, scoped, List.copyOf(required), Optional.empty()));
            }
          });
    }
    return reads;
  }

  private static String key(List<Gate> gates) {
    StringBuilder key = new StringBuilder();
    for (Gate gate : gates) {
      key.append(gate.name())
          .append('\n')
          .append(gate.scope())
          .append('\n')
          .append(gate.query())
          .append('\n')
          .append(gate.trafficQuery().orElse(""))
          .append('\n')
          .append(gate.freshnessQuery())
          .append('\n');
    }
    return key.toString();
  }

  /**
   * What one gate on one scope was found to rely on and does not have.
   *
   * @param problems each a sentence naming the metric, the labels present, the label matched on and
   *     the key to change
   * @param evidence the label names questions asked for it and their answers as received
   */
  public record Finding(String gate, Scope scope, List<String> problems, List<Evidence> evidence) {
    public Finding {
      problems = List.copyOf(problems);
      evidence = List.copyOf(evidence);
    }

    /** {@code error_ratio_5xx (canary)}. */
    public String where() {
      return gate + " (" + scope.label() + ")";
    }
  }

  /**
   * The contract of a set of gates over [start, end].
   *
   * @param gates how many gate and scope pairs were proven
   * @param questions how many distinct label names questions were asked
   * @param findings the broken ones, in gate order
   * @param answered whether every question got an answer (an unanswered one is a finding too)
   */
  public record Proof(
      Instant start,
      Instant end,
      int gates,
      int questions,
      List<Finding> findings,
      boolean answered) {
    public Proof {
      findings = List.copyOf(findings);
    }

    /** Every gate reads production's series: each value it computes can count. */
    public boolean holds() {
      return findings.isEmpty();
    }

    /**
     * {@code error_ratio_5xx (canary): http_requests_total has labels {...}; ...}, one per problem.
     */
    public List<String> problems() {
      return findings.stream()
          .flatMap(f -> f.problems().stream().map(p -> f.where() + ": " + p))
          .toList();
    }

    public Optional<Finding> brokenFor(String gate, Scope scope) {
      return findings.stream().filter(f -> f.gate().equals(gate) && f.scope() == scope).findFirst();
    }

    /**
     * {@code evaluation} as it counts: unchanged when its gate's contract holds (or it is an ERROR
     * already, its own failure being the more basic one, e.g. Prometheus down), else ERROR (never a
     * value) saying why, with the contract's questions and answers added to its evidence.
     */
    public GateEvaluation judge(GateEvaluation evaluation) {
      Optional<Finding> broken = brokenFor(evaluation.gate(), evaluation.scope());
      if (broken.isEmpty() || evaluation.outcome() == Outcome.ERROR) return evaluation;
      List<Evidence> evidence = new ArrayList<>(evaluation.evidence());
      evidence.addAll(broken.get().evidence());
      String detail =
          "%s cannot be judged at %s: its queries do not read this Prometheus's series: %s"
              .formatted(
                  broken.get().where(),
                  evaluation.evaluatedAt(),
                  String.join("; ", broken.get().problems()));
      return new GateEvaluation(
          evaluation.gate(),
          evaluation.scope(),
          evaluation.critical(),
          evaluation.evaluatedAt(),
          Outcome.ERROR,
          OptionalDouble.empty(),
          evaluation.threshold(),
          evaluation.baselineLimit(),
          evaluation.traffic(),
          evaluation.freshSamples(),
          detail,
          evidence,
          evaluation.baseline(),
          Optional.empty(),
          evaluation.shadow());
    }

    /** The whole proof for a person: how much was proven, and every problem. */
    public String describe() {
      String head =
          "%d gate queries (gate x scope) proven against Prometheus's series between %s and %s with %d label names questions: %s"
              .formatted(
                  gates,
                  start,
                  end,
                  questions,
                  holds()
                      ? "every one reads series that exist, with every label it matches on"
                      : findings.size()
                          + " broken"
                          + (answered ? "" : " (some questions unanswered)"));
      return holds() ? head : head + "\n  " + String.join("\n  ", problems());
    }
  }
}
