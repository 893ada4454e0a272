package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateEvaluator;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.ReleaseVerdict;
import io.intelgraph.cutover.gate.VerdictRules;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gates}: evaluates every gate once and exits with the release verdict. A single check has
 * no history, so the verdict rules judge it as a first check: any non-PASS of a critical gate is
 * RED (2), any other non-PASS is YELLOW (1), so an outage, an empty answer or NaN never exits 0. A
 * shadow gate is shown with its own verdict, marked, and never changes the exit code.
 */
@Command(
    name = "gates",
    mixinStandardHelpOptions = true,
    description = "Evaluate every gate once; exit 0 GREEN, 1 YELLOW, 2 RED, 3 usage/config error.")
final class GatesCommand implements Callable<Integer> {

  @Mixin EnvironmentOptions options;

  @Option(
      names = "--at",
      paramLabel = "ISO",
      converter = TimeConverters.InstantConverter.class,
      description = "evaluation time, e.g. 2026-11-27T15:15:00Z (default: now)")
  Instant at;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StartupTimings.lap("cli");
    Environment environment = options.load();
    Instant time = at == null ? Instant.now() : at;
    List<Gate> gates = Gate.all(environment, options.scope);
    VerdictRules.Rules rules = VerdictRules.Rules.from(environment.cadence());
    List<GateVerdict> verdicts = new ArrayList<>();
    Baselines baselines = options.baselines(environment);
    StartupTimings.lap("config");
    try (GateEvaluator evaluator = GateEvaluator.forEnvironment(environment)) {
      StartupTimings.lap("http_client");
      for (GateEvaluation evaluation : evaluator.evaluateAll(gates, time, baselines)) {
        verdicts.add(VerdictRules.decide(List.of(evaluation), rules, time));
      }
    }
    StartupTimings.lap("queries");
    ReleaseVerdict release = VerdictRules.release(verdicts);
    PrintWriter out = spec.commandLine().getOut();
    if (options.format == EnvironmentOptions.Format.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("environment", environment.name());
      json.put("prometheus", environment.endpoints().prometheus().toString());
      json.put("evaluated_at", time.toString());
      json.put("scope", options.scope.label());
      json.put("verdict", release.verdict().name());
      json.put("reason", release.reason());
      json.put("gates", verdicts.stream().map(v -> Rendering.gate(v, true)).toList());
      json.put("gates_switched_off", environment.gatesSwitchedOff());
      out.println(Rendering.JSON.writeValueAsString(json));
    } else {
      out.printf(
          "%s gates at %s (%s, %s)%n",
          environment.name(), time, options.scope.label(), environment.endpoints().prometheus());
      out.printf(
          "%-18s %-10s %-7s %12s  %-10s %s%n",
          "GATE", "OUTCOME", "VERDICT", "VALUE", "THRESHOLD", "DETAIL");
      for (GateVerdict v : verdicts) {
        GateEvaluation e = v.latest();
        out.printf(
            "%-18s %-10s %-7s %12s  %-10s %s%s%n",
            e.gate(),
            e.outcome(),
            v.verdict(),
            Rendering.shown(e),
            e.threshold(),
            v.shadow() ? "[shadow: not judging the release] " : "",
            e.detail());
      }
      out.println(release.reason());
      Rendering.switchedOff(environment, out);
    }
    out.flush();
    StartupTimings.lap("output");
    return release.verdict().ordinal();
  }
}
