package io.intelgraph.cutover.gate;

import static io.intelgraph.cutover.gate.AsyncAnswers.promQlFailure;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Evaluates gates against Prometheus at a given time: per gate the value, the traffic behind it and
 * the age of its newest raw sample (and, for a gate on alerting rules, the rules API's answer),
 * judged into a {@link GateEvaluation}; a canary gate with {@code compare_with_stable} that passed
 * is then compared with the stable track at the same instant ({@link VersusStableClassifier}).
 * Never throws for what Prometheus does: an outage, a timeout or a malformed answer is the {@code
 * ERROR} outcome.
 *
 * <pre>{@code
 * try (GateEvaluator evaluator = GateEvaluator.forEnvironment(environment)) {
 *   List<GateEvaluation> now = evaluator.evaluateAll(Gate.all(environment, Scope.CANARY), Instant.now(), baselines);
 * }
 * }</pre>
 *
 * <p>A gate's value counts only once its metric contract holds ({@link MetricContract}): its
 * queries read series that exist, with every label they match on; otherwise it is ERROR, saying
 * which label is missing and what to set. The proof is asked beside the first check and kept while
 * it holds.
 *
 * <p>Design note: one check asks every question of every gate at once (the client bounds how many
 * are in flight and how long each may take), and each distinct expression once, whatever role it
 * plays for which gate (the 5xx and auth ratios count the same requests). So a check costs one
 * round trip: a refused connection is seen in milliseconds, a silent Prometheus after one query
 * timeout, not one per question. Only a canary gate compared with stable asks a second round, and
 * only once its own answers passed.
 */
public final class GateEvaluator implements AutoCloseable {

  private final PromQlClient client;
  private final Optional<MetricContract> contract;

  /**
   * An evaluator that proves no metric contract: for a Prometheus stand-in that answers scripted
   * queries only. Production's evaluators come from {@link #forEnvironment}.
   */
  public GateEvaluator(PromQlClient client) {
    this.client = Objects.requireNonNull(client);
    this.contract = Optional.empty();
  }

  /**
   * An evaluator whose every check counts a gate's value only once {@code contract} holds for it
   * (proven once per evaluator while it holds).
   */
  public GateEvaluator(PromQlClient client, MetricContract contract) {
    this.client = Objects.requireNonNull(client);
    this.contract = Optional.of(contract);
  }

  /**
   * An evaluator on the environment's Prometheus with its query timeout, proving the gates' metric
   * contract.
   */
  public static GateEvaluator forEnvironment(Environment environment) {
    PromQlClient client = PromQlClient.forEnvironment(environment);
    return new GateEvaluator(client, MetricContract.forEnvironment(environment, client));
  }

  /** Evaluates one gate at {@code at}. */
  public GateEvaluation evaluate(Gate gate, Instant at, Baselines baselines) {
    return evaluateAll(List.of(gate), at, baselines).get(0);
  }

  /**
   * Evaluates every gate at the same instant, concurrently; results in the order of {@code gates}.
   */
  public List<GateEvaluation> evaluateAll(List<Gate> gates, Instant at, Baselines baselines) {
    Check check = new Check(at);
    // asked beside the check's own questions (or kept from an earlier check), so it adds no round
    // trip
    Optional<CompletableFuture<MetricContract.Proof>> proof =
        contract.map(c -> c.provenAsync(gates, at));
    List<CompletableFuture<GateEvaluation>> running = new ArrayList<>(gates.size());
    for (Gate gate : gates) running.add(check.evaluate(gate, baselines));
    List<GateEvaluation> evaluations = new ArrayList<>(gates.size());
    try {
      for (CompletableFuture<GateEvaluation> evaluation : running) {
        evaluations.add(
            evaluation.join()); // bounded: every question is bounded by the client's timeout
      }
      if (proof.isPresent()) evaluations.replaceAll(proof.get().join()::judge);
    } catch (CompletionException e) {
      // not an outage (those are ERROR answers) but a bug in judging one: surface it as itself
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
    return List.copyOf(evaluations);
  }

  /** One check: its instant, and each distinct question asked once. */
  private final class Check {
    private final Instant at;
    private final Map<String, CompletableFuture<?>> asked = new ConcurrentHashMap<>();

    Check(Instant at) {
      this.at = at;
    }

    CompletableFuture<GateEvaluation> evaluate(Gate gate, Baselines baselines) {
      List<String> groupBy = gate.spec().groupBy();
      CompletableFuture<Answer> value = ask("value", gate.query(), groupBy);
      Optional<CompletableFuture<Answer>> traffic =
          gate.trafficQuery().map(q -> ask("traffic", q, groupBy));
      CompletableFuture<Answer> freshness = ask("freshness", gate.freshnessQuery());
      Optional<CompletableFuture<RulesAnswer>> rules =
          gate.spec().alertRules().map(regex -> rules());
      List<CompletableFuture<?>> questions = new ArrayList<>(List.of(value, freshness));
      traffic.ifPresent(questions::add);
      rules.ifPresent(questions::add);
      return CompletableFuture.allOf(questions.toArray(CompletableFuture[]::new))
          .thenCompose(
              answered -> {
                GateEvaluation evaluation =
                    OutcomeClassifier.classify(
                        gate,
                        at,
                        value.join(),
                        traffic.map(CompletableFuture::join),
                        freshness.join(),
                        rules.map(CompletableFuture::join),
                        baselines);
                if (gate.versusStable().isEmpty() || !evaluation.passed())
                  return CompletableFuture.completedFuture(evaluation);
                Gate.VersusStable versus = gate.versusStable().get();
                Instant from = at.minus(versus.window());
                CompletableFuture<Answer> stableValue =
                    ask(VersusStableClassifier.STABLE_VALUE, versus.stableQuery());
                CompletableFuture<StableSamples> canary =
                    askRange(
                        VersusStableClassifier.CANARY_SAMPLES, gate.query(), from, versus.step());
                CompletableFuture<StableSamples> stable =
                    askRange(
                        VersusStableClassifier.STABLE_SAMPLES,
                        versus.stableQuery(),
                        from,
                        versus.step());
                return CompletableFuture.allOf(stableValue, canary, stable)
                    .thenApply(
                        both ->
                            VersusStableClassifier.judge(
                                gate,
                                evaluation,
                                stableValue.join(),
                                canary.join(),
                                stable.join()));
              });
    }

    private CompletableFuture<Answer> ask(String role, String query) {
      return ask(role, query, List.of());
    }

    /**
     * Asks {@code query}, answered per group of {@code groupBy} (none: one number). The expression
     * is sent once per check whatever the role it plays (one gate's value is another's traffic, a
     * canary gate's stable value another's value); each role reads the one answer its own way.
     */
    private CompletableFuture<Answer> ask(String role, String query, List<String> groupBy) {
      CompletableFuture<QueryResult> asked =
          once("query\n" + query, () -> client.queryAsync(query, at));
      return once(
          "answer\n" + role + "\n" + query + "\n" + groupBy,
          () ->
              answer(
                  asked,
                  result -> Answer.of(role, result, groupBy),
                  (e, body) -> Answer.failed(role, query, e, body)));
    }

    private CompletableFuture<StableSamples> askRange(
        String role, String query, Instant from, Duration step) {
      return once(
          "range\n" + role + "\n" + query + "\n" + from + "\n" + step,
          () ->
              answer(
                  client.queryRangeAsync(query, from, at, step),
                  result -> StableSamples.of(role, result),
                  (e, body) -> StableSamples.failed(role, query, e, body)));
    }

    private CompletableFuture<RulesAnswer> rules() {
      return once(
          "rules",
          () ->
              client
                  .alertingRulesAsync()
                  .handle(
                      (rules, failure) ->
                          failure == null
                              ? RulesAnswer.of(rules)
                              : RulesAnswer.failed(promQlFailure(failure))));
    }

    /**
     * Asks {@code question} unless this check already did; sent outside the map, as answers may
     * complete inline.
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> once(String key, Supplier<CompletableFuture<T>> question) {
      CompletableFuture<T> mine = new CompletableFuture<>();
      CompletableFuture<?> earlier = asked.putIfAbsent(key, mine);
      if (earlier != null) return (CompletableFuture<T>) earlier;
      CompletableFuture<T> sent;
      try {
        sent = question.get();
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete(
          (answer, failure) -> {
            if (failure != null) mine.completeExceptionally(failure);
            else mine.complete(answer);
          });
      return mine;
    }
  }

  /**
   * A question's answer or its error as a value: Prometheus's failures never escape as exceptions.
   */
  private static <T> CompletableFuture<T> answer(
      CompletableFuture<QueryResult> asked,
      Function<QueryResult, T> of,
      BiFunction<PromQlException, String, T> failed) {
    return asked.handle(
        (result, failure) -> {
          if (failure == null) return of.apply(result);
          PromQlException e = promQlFailure(failure);
          return failed.apply(e, e.body());
        });
  }

  /**
   * Releases nothing: questions hold no threads. Kept so callers scope an evaluator to a check or a
   * run.
   */
  @Override
  public void close() {
    // nothing to release
  }
}
