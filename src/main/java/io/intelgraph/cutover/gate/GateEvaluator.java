package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates gates against Prometheus at a given time: per gate the value, the traffic behind it and
 * the age of its newest raw sample (and, for a gate on alerting rules, the rules API's answer),
 * judged into a {@link GateEvaluation}; a canary gate with {@code compare_with_stable} that passed
 * is then compared with the stable track at the same instant ({@link VersusStableClassifier}). Never throws for what
 * Prometheus does: an outage, a timeout or a malformed answer is the {@code ERROR} outcome.
 *
 * <pre>{@code
 * try (GateEvaluator evaluator = GateEvaluator.forEnvironment(environment)) {
 *   List<GateEvaluation> now = evaluator.evaluateAll(Gate.all(environment, Scope.CANARY), Instant.now(), baselines);
 * }
 * }</pre>
 *
 * <p>All gates of a check run in parallel on a small pool (each gate's questions are bounded by
 * the client's timeout), so a check costs one round of queries, not one per gate.
 */
public final class GateEvaluator implements AutoCloseable {

  private static final int THREADS = 8;
  private final PromQlClient client;
  private final ExecutorService pool;

  public GateEvaluator(PromQlClient client) {
    this.client = Objects.requireNonNull(client);
    AtomicInteger number = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "gate-evaluator-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** An evaluator on the environment's Prometheus with its query timeout. */
  public static GateEvaluator forEnvironment(Environment environment) {
    return new GateEvaluator(new PromQlClient(environment.endpoints().prometheus(), environment.prometheus().queryTimeout()));
  }

  /** Evaluates one gate at {@code at}. */
  public GateEvaluation evaluate(Gate gate, Instant at, Baselines baselines) {
    Answer value = ask("value", gate.query(), at);
    Optional<Answer> traffic = gate.trafficQuery().map(q -> ask("traffic", q, at));
    Answer freshness = ask("freshness", gate.freshnessQuery(), at);
    Optional<RulesAnswer> rules = gate.spec().alertRules().map(regex -> RulesAnswer.ask(client));
    GateEvaluation evaluation = OutcomeClassifier.classify(gate, at, value, traffic, freshness, rules, baselines);
    if (gate.versusStable().isEmpty() || !evaluation.passed()) return evaluation;
    Gate.VersusStable versus = gate.versusStable().get();
    Instant from = at.minus(versus.window());
    return VersusStableClassifier.judge(gate, evaluation, ask(VersusStableClassifier.STABLE_VALUE, versus.stableQuery(), at),
        askRange(VersusStableClassifier.CANARY_SAMPLES, gate.query(), from, at, versus.step()),
        askRange(VersusStableClassifier.STABLE_SAMPLES, versus.stableQuery(), from, at, versus.step()));
  }

  private StableSamples askRange(String role, String query, Instant from, Instant to, java.time.Duration step) {
    try {
      return StableSamples.of(role, client.queryRange(query, from, to, step));
    } catch (PromQlException e) {
      return StableSamples.failed(role, query, e, e.body());
    }
  }

  /** Evaluates every gate at the same instant, in parallel; results in the order of {@code gates}. */
  public List<GateEvaluation> evaluateAll(List<Gate> gates, Instant at, Baselines baselines) {
    List<CompletableFuture<GateEvaluation>> running = new ArrayList<>(gates.size());
    for (Gate gate : gates) {
      running.add(CompletableFuture.supplyAsync(() -> evaluate(gate, at, baselines), pool));
    }
    List<GateEvaluation> evaluations = new ArrayList<>(gates.size());
    running.forEach(future -> evaluations.add(future.join()));
    return List.copyOf(evaluations);
  }

  private Answer ask(String role, String query, Instant at) {
    try {
      return Answer.of(role, client.query(query, at));
    } catch (PromQlException e) {
      return Answer.failed(role, query, e, e.body());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
