package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gates' metric contract costs against the sandbox's Prometheus (canary at 20 %): a whole
 * proof as one run pays it (a fresh contract, every gate on every scope, as the T-15 line asks; and
 * one scope, as a run's first gate check asks), and a later check of the same run (the held proof,
 * kept). Prints each time and the medians.
 *
 * <pre>
 * java -cp ... io.intelgraph.cutover.bench.MetricContractBenchmark   (-Dbench.runs=7)
 * </pre>
 */
public final class MetricContractBenchmark {

  private MetricContractBenchmark() {}

  public static void main(String[] args) {
    int runs = Integer.getInteger("bench.runs", 7);
    try (BenchSandbox rig = BenchSandbox.atCanary(20)) {
      PromQlClient client = PromQlClient.forEnvironment(rig.environment);
      List<Gate> canary = Gate.all(rig.environment, Scope.CANARY);
      List<Long> everyScope = new ArrayList<>();
      List<Long> oneScope = new ArrayList<>();
      List<Long> held = new ArrayList<>();
      MetricContract.forEnvironment(rig.environment, client)
          .prove(canary, Instant.now()); // warm the client and Prometheus
      for (int i = 0; i < runs; i++) {
        long started = System.nanoTime();
        MetricContract.Proof proof = MetricContract.proveEveryScope(rig.environment, Instant.now());
        everyScope.add(millis(started));
        if (!proof.holds())
          throw new IllegalStateException("the sandbox's contract is broken: " + proof.describe());
        MetricContract contract = MetricContract.forEnvironment(rig.environment, client);
        started = System.nanoTime();
        contract.provenAsync(canary, Instant.now()).join();
        oneScope.add(millis(started));
        started = System.nanoTime();
        contract.provenAsync(canary, Instant.now()).join();
        held.add(millis(started));
        System.out.printf(
            "run %d: every scope %d ms (%d questions), canary scope %d ms, held %d ms%n",
            i + 1, everyScope.get(i), proof.questions(), oneScope.get(i), held.get(i));
      }
      System.out.printf(
          "median over %d runs: every scope (T-15) %d ms, canary scope (first check) %d ms, held (later checks) %d ms%n",
          runs, median(everyScope), median(oneScope), median(held));
    }
  }

  private static long millis(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
