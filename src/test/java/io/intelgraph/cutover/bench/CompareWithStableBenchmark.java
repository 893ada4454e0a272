package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.Cadence;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.Quantity;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * compare_with_stable on the sandbox: how often a healthy canary is judged RED (pairs of
 * consecutive checks, each pair on its own windows), and how many checks a canary-slower regression
 * takes to reach RED. The rule is on api_p95 (20 ms), api_p99 (40 ms) and error_ratio_5xx (0.2 %),
 * at ratio 1.3 and confidence 0.95.
 */
public final class CompareWithStableBenchmark {

  private static final String SECTION = "6 compare with stable";

  private CompareWithStableBenchmark() {}

  public static void main(String[] args) {
    int pairs = Integer.getInteger("bench.stablePairs", 20);
    try (BenchSandbox rig = BenchSandbox.atCanary(20);
        GateEvaluator evaluator = GateEvaluator.forEnvironment(rig.environment)) {
      Cadence cadence = rig.environment.cadence();
      Map<String, String> minDifference =
          Map.of("api_p95", "20ms", "api_p99", "40ms", "error_ratio_5xx", "0.2%");
      List<Gate> gates = new ArrayList<>();
      minDifference.forEach(
          (name, difference) -> {
            GateSpec s = rig.environment.gates().get(name);
            GateSpec compared =
                new GateSpec(
                    s.name(),
                    s.description(),
                    s.query(),
                    s.threshold(),
                    s.maxAboveBaseline(),
                    s.trafficQuery(),
                    s.minTraffic(),
                    s.freshnessQuery(),
                    s.maxStaleness(),
                    s.critical(),
                    s.alertRules(),
                    Optional.of(
                        new StableComparisonSpec(1.3, Quantity.parse(difference), 0.95, 10)));
            gates.add(
                Gate.resolve(
                    compared,
                    Scope.CANARY,
                    cadence.rateWindow(),
                    cadence.scrapeInterval(),
                    rig.environment.prometheus().selectors()));
          });
      VerdictRules.Rules rules = VerdictRules.Rules.from(cadence);

      int falseRed = 0;
      int notGreen = 0;
      List<String> why = new ArrayList<>();
      for (int pair = 1; pair <= pairs; pair++) {
        List<GateEvaluation> first = evaluator.evaluateAll(gates, Instant.now(), Baselines.none());
        BoundedWait.named("the next gate check").soak(cadence.gateInterval());
        List<GateEvaluation> second = evaluator.evaluateAll(gates, Instant.now(), Baselines.none());
        boolean red = false;
        boolean green = true;
        for (int g = 0; g < gates.size(); g++) {
          GateVerdict v =
              VerdictRules.decide(
                  List.of(first.get(g), second.get(g)), rules, second.get(g).evaluatedAt());
          red |= v.verdict() == Verdict.RED;
          green &= v.verdict() == Verdict.GREEN;
          if (v.verdict() != Verdict.GREEN) why.add(second.get(g).detail());
        }
        if (red) falseRed++;
        if (!green) notGreen++;
        BenchReport.progress("healthy pair %d: %s", pair, red ? "RED" : green ? "GREEN" : "YELLOW");
        // the next pair must not share a sample with this one
        BoundedWait.named("independent windows").soak(cadence.rateWindow());
      }
      BenchReport.atMost(
          SECTION,
          "healthy canary judged RED, pairs of consecutive checks on independent windows (3 compared gates)",
          falseRed,
          0,
          "%.0f of " + pairs,
          "none in 20");
      BenchReport.info(
          SECTION,
          "healthy pairs not GREEN (YELLOW or RED)",
          notGreen + " of " + pairs + (why.isEmpty() ? "" : "; e.g. " + why.get(0)));

      rig.sandbox.faults().activate(Fault.CANARY_SLOWER);
      Instant injected = Instant.now();
      List<List<GateEvaluation>> history = new ArrayList<>();
      gates.forEach(g -> history.add(new ArrayList<>()));
      int checks = 0;
      String redBecause = "";
      while (redBecause.isEmpty() && checks < 10) {
        BoundedWait.named("the next gate check").soak(cadence.gateInterval());
        checks++;
        List<GateEvaluation> now = evaluator.evaluateAll(gates, Instant.now(), Baselines.none());
        for (int g = 0; g < gates.size(); g++) {
          history.get(g).add(now.get(g));
          GateVerdict v = VerdictRules.decide(history.get(g), rules, now.get(g).evaluatedAt());
          if (v.verdict() == Verdict.RED)
            redBecause = "%s: %s".formatted(gates.get(g).name(), v.reason());
        }
      }
      BenchReport.info(
          SECTION,
          "canary-slower (canary ~60 ms vs stable, p95 under 350 ms): checks to RED at %d s intervals"
              .formatted(cadence.gateInterval().toSeconds()),
          redBecause.isEmpty()
              ? "no RED in 10 checks"
              : "%d checks, %.1f s after injection (%s)"
                  .formatted(
                      checks,
                      Duration.between(injected, Instant.now()).toMillis() / 1000.0,
                      redBecause));
      BenchReport.info(
          SECTION,
          "canary-slower: api_p95 details",
          history.get(new ArrayList<>(minDifference.keySet()).indexOf("api_p95")).stream()
              .map(e -> e.outcome().name())
              .collect(Collectors.joining(", ")));
    }
    // a library thread (not this benchmark's) outlives the sandbox; ci/bench waits for this JVM, so
    // end it when the rows are out
    System.exit(0);
  }
}
