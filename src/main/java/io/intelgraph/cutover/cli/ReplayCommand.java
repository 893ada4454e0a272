package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.Gate;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.gate.Replay;
import io.intelgraph.cutover.gate.ReplayReport;
import io.intelgraph.cutover.gate.Verdict;
import io.intelgraph.cutover.gate.VerdictRules;
import io.intelgraph.cutover.prometheus.PromQlClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.StreamWriteFeature;

/**
 * {@code replay}: what would the gates have said over a past interval, and when would the rollback
 * have fired? Exits with the worst release verdict over the interval; a shadow gate is shown at
 * every step and summarised with when it would have been RED, and never changes the exit code.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay the gates over [from, to]; exit with the worst verdict (0 GREEN, 1 YELLOW, 2 RED, 3 usage/config error).")
final class ReplayCommand implements Callable<Integer> {

  @Mixin EnvironmentOptions options;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "ISO",
      converter = TimeConverters.InstantConverter.class)
  Instant from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "ISO",
      converter = TimeConverters.InstantConverter.class)
  Instant to;

  @Option(
      names = "--step",
      defaultValue = "15m",
      paramLabel = "DURATION",
      converter = TimeConverters.DurationConverter.class,
      description = "the simulated gate interval, e.g. 15m (default) or 15s")
  Duration step;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StartupTimings.lap("cli");
    Environment environment = options.load();
    List<Gate> gates = Gate.all(environment, options.scope);
    Baselines baselines = options.baselines(environment);
    StartupTimings.lap("config");
    PromQlClient client = PromQlClient.forEnvironment(environment);
    StartupTimings.lap("http_client");
    ReplayReport report =
        new Replay(
                client,
                VerdictRules.Rules.from(environment.cadence()),
                MetricContract.forEnvironment(environment, client))
            .withLaps(
                new Replay.Laps() {
                  @Override
                  public void lap(String phase) {
                    StartupTimings.lap(phase);
                  }

                  @Override
                  public void within(String phase, long nanos) {
                    StartupTimings.within(phase, nanos);
                  }
                })
            .run(gates, from, to, step, baselines);
    PrintWriter out = spec.commandLine().getOut();
    ReplayReport.Summary summary = report.summary();
    if (options.format == EnvironmentOptions.Format.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("environment", environment.name());
      json.put("from", from.toString());
      json.put("to", to.toString());
      json.put("step", step.toString());
      json.put("scope", options.scope.label());
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("steps", summary.steps());
      s.put("worst_verdict", summary.worst().name());
      s.put("first_red", summary.firstRed().map(Instant::toString).orElse(null));
      s.put("first_red_reason", summary.firstRedReason().orElse(null));
      s.put(
          "outcomes",
          new TreeMap<>(
              summary.outcomes().entrySet().stream()
                  .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue))));
      if (!summary.shadows().isEmpty()) {
        s.put(
            "shadow",
            summary.shadows().stream()
                .map(
                    shadow -> {
                      Map<String, Object> row = new LinkedHashMap<>();
                      row.put("gate", shadow.gate());
                      row.put("worst_verdict", shadow.worst().name());
                      row.put("first_red", shadow.firstRed().map(Instant::toString).orElse(null));
                      row.put("first_red_reason", shadow.firstRedReason().orElse(null));
                      return row;
                    })
                .toList());
      }
      json.put("summary", s);
      json.put("gates_switched_off", environment.gatesSwitchedOff());
      json.put(
          "timeline",
          report.timeline().stream()
              .map(
                  step -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", step.at().toString());
                    row.put("verdict", step.verdict().name());
                    row.put("gates", step.gates().stream().map(v -> compact(v)).toList());
                    return row;
                  })
              .toList());
      // written as it is generated: a week at 15 s is tens of megabytes, not worth one String
      Rendering.JSON.writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET).writeValue(out, json);
      out.println();
    } else {
      out.printf(
          "%s replay %s .. %s every %s (%s)%n",
          environment.name(), from, to, step, options.scope.label());
      for (ReplayReport.Step step : report.timeline()) {
        String failing =
            step.gates().stream()
                .filter(v -> v.verdict() != Verdict.GREEN)
                .map(
                    v ->
                        "%s=%s(%s)%s"
                            .formatted(
                                v.gate(),
                                v.latest().outcome(),
                                Rendering.shown(v.latest()),
                                v.shadow() ? "[shadow " + v.verdict() + "]" : ""))
                .collect(Collectors.joining(" "));
        out.printf("%s  %-6s %s%n", step.at(), step.verdict(), failing);
      }
      out.printf(
          "worst verdict: %s; first RED: %s%n",
          summary.worst(),
          summary
              .firstRed()
              .map(t -> t + " (" + summary.firstRedReason().orElse("") + ")")
              .orElse("never"));
      // what each shadow gate would have done: the reason to try one
      summary
          .shadows()
          .forEach(
              shadow ->
                  out.printf(
                      "shadow %s (not judging the release): %s%n",
                      shadow.gate(), shadow.wouldHave()));
      // why a gate could not be judged (e.g. its metric contract is broken), once, as of the last
      // step
      report.timeline().get(report.timeline().size() - 1).gates().stream()
          .filter(v -> v.latest().outcome() == io.intelgraph.cutover.gate.Outcome.ERROR)
          .forEach(v -> out.printf("%s ERROR: %s%n", v.gate(), v.latest().detail()));
      Rendering.switchedOff(environment, out);
    }
    out.flush();
    StartupTimings.lap("output");
    return summary.worst().ordinal();
  }

  private static Map<String, Object> compact(GateVerdict v) {
    GateEvaluation e = v.latest();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("gate", e.gate());
    row.put("value", Rendering.number(e.value()));
    row.put("outcome", e.outcome().name());
    row.put("verdict", v.verdict().name());
    row.put("streak", v.streak());
    if (v.shadow()) row.put("shadow", true);
    if (e.baselineLimit().isPresent())
      row.put("baseline_limit", Rendering.number(e.baselineLimit()));
    e.versusStable()
        .ifPresent(
            j ->
                row.put(
                    "versus_stable",
                    Map.of(
                        "ratio",
                        Rendering.number(java.util.OptionalDouble.of(j.ratio())),
                        "p_value",
                        Rendering.number(java.util.OptionalDouble.of(j.pValue())),
                        "canary",
                        j.canary(),
                        "stable",
                        j.stable())));
    if (v.verdict() != Verdict.GREEN) row.put("detail", e.detail());
    return row;
  }
}
