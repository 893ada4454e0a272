package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.Cadence;
import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.config.PrometheusSettings.Selectors;
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
import io.intelgraph.cutover.sandbox.api.Regions;
import io.intelgraph.cutover.sandbox.api.TenantMix;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * compare_with_stable on the sandbox: how often a healthy canary is judged RED (pairs of
 * consecutive checks, each pair on its own windows), and how many checks a canary-slower regression
 * takes to reach RED. The rule is on api_p95 (20 ms), api_p99 (40 ms) and error_ratio_5xx (0.2 %),
 * at ratio 1.3 and confidence 0.95.
 *
 * <p>A pair needs one rate window plus one gate interval of traffic of its own (20 s at the
 * sandbox's cadence), so pairs one after another cost 20 s each: 20 pairs, 400 s. With {@code
 * -Dbench.stableSideBySide=3} (ci/bench --quick) the sandbox runs three times its load (120
 * requests/s, the same mix) and each time slot holds three pairs side by side on disjoint thirds of
 * it: the latency gates on one serving region each ({@code region="us"}, ...), the 5xx ratio on two
 * tenants each (the load generator picks region and tenant in turn, so a third is the same requests
 * for both). Each pair thus judges as many requests per window as a pair on the whole traffic under
 * the default load (8 canary and 32 stable requests/s), no request counts in two pairs, and 21
 * pairs take 7 slots (140 s). On a third of the default load instead, the rule does call a healthy
 * canary RED (2 of 21 in a trial: a p95 of 60 ms vs 24.5 ms from ~40 requests), so the load is what
 * keeps the pairs comparable. The whole-traffic pairs of the same slots (at three times the load)
 * are printed beside.
 *
 * <pre>
 * java -cp ... -Dbench.stablePairs=20 -Dbench.stableSideBySide=1 io.intelgraph.cutover.bench.CompareWithStableBenchmark
 * </pre>
 */
public final class CompareWithStableBenchmark {

  private static final String SECTION = "6 compare with stable";
  private static final Map<String, String> MIN_DIFFERENCE =
      Map.of("api_p95", "20ms", "api_p99", "40ms", "error_ratio_5xx", "0.2%");

  private CompareWithStableBenchmark() {}

  /** The compared gates over one share of the traffic: the whole, or one slice side by side. */
  private record Share(String label, List<Gate> gates) {}

  public static void main(String[] args) {
    int pairs = Integer.getInteger("bench.stablePairs", 20);
    int sideBySide = Integer.getInteger("bench.stableSideBySide", 1);
    if (sideBySide < 1 || sideBySide > Regions.ALL.size()) {
      throw new IllegalArgumentException(
          "bench.stableSideBySide is %d; expected 1 (the whole traffic) to %d (one slice per region)"
              .formatted(sideBySide, Regions.ALL.size()));
    }
    int slots = (pairs + sideBySide - 1) / sideBySide;
    try (BenchSandbox rig = BenchSandbox.atCanary(20, sideBySide);
        GateEvaluator evaluator = GateEvaluator.forEnvironment(rig.environment)) {
      Cadence cadence = rig.environment.cadence();
      Selectors selectors = rig.environment.prometheus().selectors();
      Share whole = new Share("whole traffic", compared(rig, selectors, Map.of()));
      List<Share> slices = new ArrayList<>();
      if (sideBySide > 1) {
        for (int k = 0; k < sideBySide; k++) {
          String region = Regions.ALL.get(k);
          List<String> tenants = new ArrayList<>();
          for (int t = k; t < TenantMix.TENANTS.size(); t += sideBySide)
            tenants.add(TenantMix.TENANTS.get(t));
          String byTenant = "tenant=~\"" + String.join("|", tenants) + "\"";
          slices.add(
              new Share(
                  "region " + region + " / " + String.join(", ", tenants),
                  compared(
                      rig,
                      selectors,
                      Map.of(
                          "api_p95", "region=\"" + region + "\"",
                          "api_p99", "region=\"" + region + "\"",
                          "error_ratio_5xx", byTenant))));
        }
      }
      List<Share> judged = slices.isEmpty() ? List.of(whole) : slices;
      List<Share> shares = new ArrayList<>(judged);
      if (!slices.isEmpty()) shares.add(whole);
      List<Gate> asked = shares.stream().flatMap(s -> s.gates().stream()).toList();
      VerdictRules.Rules rules = VerdictRules.Rules.from(cadence);

      int warmUpChecks = untilWithinThresholds(rig, evaluator);

      Map<Share, int[]> redAndNotGreen = new LinkedHashMap<>();
      shares.forEach(s -> redAndNotGreen.put(s, new int[2]));
      List<String> why = new ArrayList<>();
      long started = System.nanoTime();
      for (int slot = 1; slot <= slots; slot++) {
        List<GateEvaluation> first = evaluator.evaluateAll(asked, Instant.now(), Baselines.none());
        BoundedWait.named("the next gate check").soak(cadence.gateInterval());
        List<GateEvaluation> second = evaluator.evaluateAll(asked, Instant.now(), Baselines.none());
        List<String> seen = new ArrayList<>();
        int g = 0;
        for (Share share : shares) {
          boolean red = false;
          boolean green = true;
          for (int i = 0; i < share.gates().size(); i++, g++) {
            GateVerdict v =
                VerdictRules.decide(
                    List.of(first.get(g), second.get(g)), rules, second.get(g).evaluatedAt());
            red |= v.verdict() == Verdict.RED;
            green &= v.verdict() == Verdict.GREEN;
            if (v.verdict() != Verdict.GREEN)
              why.add(share.label() + ": " + second.get(g).detail());
          }
          int[] counts = redAndNotGreen.get(share);
          if (red) counts[0]++;
          if (!green) counts[1]++;
          seen.add(share.label() + " " + (red ? "RED" : green ? "GREEN" : "YELLOW"));
        }
        BenchReport.progress("healthy slot %d of %d: %s", slot, slots, String.join("; ", seen));
        // the next slot must not share a sample with this one
        if (slot < slots) BoundedWait.named("independent windows").soak(cadence.rateWindow());
      }
      double healthySeconds = (System.nanoTime() - started) / 1e9;
      int judgedPairs = slots * judged.size();
      int falseRed = judged.stream().mapToInt(s -> redAndNotGreen.get(s)[0]).sum();
      int notGreen = judged.stream().mapToInt(s -> redAndNotGreen.get(s)[1]).sum();
      BenchReport.atMost(
          SECTION,
          (slices.isEmpty()
                  ? "healthy canary judged RED, pairs of consecutive checks on independent windows (3 compared gates)"
                  : "healthy canary judged RED, pairs of consecutive checks on independent windows, %d side by side on disjoint slices (by region) of %d times the load, each as many requests as the whole default load (3 compared gates)"
                      .formatted(sideBySide, sideBySide))
              + "; %d pairs in %.0f s".formatted(judgedPairs, healthySeconds),
          falseRed,
          0,
          "%.0f of " + judgedPairs,
          "none in " + Math.max(20, judgedPairs));
      BenchReport.info(
          SECTION,
          "warm-up: checks until the plain gates met their thresholds twice in a row",
          Integer.toString(warmUpChecks));
      BenchReport.info(
          SECTION,
          "healthy pairs not GREEN (YELLOW or RED)",
          notGreen + " of " + judgedPairs + (why.isEmpty() ? "" : "; e.g. " + why.get(0)));
      if (!slices.isEmpty()) {
        int[] wholeCounts = redAndNotGreen.get(whole);
        BenchReport.info(
            SECTION,
            "healthy canary judged RED on the whole traffic, same windows",
            "%d of %d (%d not GREEN)".formatted(wholeCounts[0], slots, wholeCounts[1]));
      }

      List<Gate> gates = whole.gates();
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
          history.get(new ArrayList<>(MIN_DIFFERENCE.keySet()).indexOf("api_p95")).stream()
              .map(e -> e.outcome().name())
              .collect(Collectors.joining(", ")));
    }
    // a library thread (not this benchmark's) outlives the sandbox; ci/bench waits for this JVM, so
    // end it when the rows are out
    System.exit(0);
  }

  /**
   * Checks the compared gates' plain twins (absolute thresholds only, no comparison) every gate
   * interval until two checks in a row pass, at most 30: a sandbox just started beside other work
   * answers slowly for its first windows (every track, whole traffic too), which is the machine
   * warming up, not the rule's judgement that the pairs measure. Returns the checks it took.
   */
  private static int untilWithinThresholds(BenchSandbox rig, GateEvaluator evaluator) {
    List<Gate> plain =
        Gate.all(rig.environment, Scope.CANARY).stream()
            .filter(g -> MIN_DIFFERENCE.containsKey(g.name()))
            .toList();
    String last = "";
    int inARow = 0;
    for (int check = 1; check <= 30; check++) {
      List<GateEvaluation> now = evaluator.evaluateAll(plain, Instant.now(), Baselines.none());
      List<String> failed =
          now.stream().filter(e -> !e.passed()).map(GateEvaluation::detail).toList();
      if (failed.isEmpty() && ++inARow == 2) return check;
      if (!failed.isEmpty()) {
        inARow = 0;
        last = failed.get(0);
        BenchReport.progress("warm-up check %d: %s", check, last);
      }
      BoundedWait.named("the next gate check").soak(rig.environment.cadence().gateInterval());
    }
    throw new IllegalStateException(
        "the healthy sandbox did not meet api_p95, api_p99 and error_ratio_5xx twice in a row in 30 checks; last: "
            + last);
  }

  /**
   * The compared gates of the canary scope; {@code narrowed} adds a matcher to a gate's selectors
   * on both tracks (none: the whole traffic).
   */
  private static List<Gate> compared(
      BenchSandbox rig, Selectors selectors, Map<String, String> narrowed) {
    Cadence cadence = rig.environment.cadence();
    List<Gate> gates = new ArrayList<>();
    MIN_DIFFERENCE.forEach(
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
                  Optional.of(new StableComparisonSpec(1.3, Quantity.parse(difference), 0.95, 10)));
          String extra = narrowed.get(name);
          Selectors own =
              extra == null
                  ? selectors
                  : new Selectors(
                      selectors.stable() + "," + extra,
                      selectors.canary() + "," + extra,
                      selectors.all());
          gates.add(
              Gate.resolve(
                  compared, Scope.CANARY, cadence.rateWindow(), cadence.scrapeInterval(), own));
        });
    return gates;
  }
}
