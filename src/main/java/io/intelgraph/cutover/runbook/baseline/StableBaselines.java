package io.intelgraph.cutover.runbook.baseline;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.Unit;
import io.intelgraph.cutover.gate.Baselines;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.ledger.Baseline;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures gates on the stable track as their T-30 baselines and records each measurement that is
 * one in the ledger, with the rate window it was measured over. The gates' own relative limit is
 * not applied ({@link Baselines#takingBaseline()}): the value being measured is the baseline, so
 * only the absolute threshold judges it, and the evidence says what later checks compare with it.
 * No data, stale data, too little traffic or an error is never a baseline (the runbook's script
 * would have written "0").
 */
final class StableBaselines {

  private final GateReadings readings;

  StableBaselines(GateReadings readings) {
    this.readings = readings;
  }

  /**
   * The evaluations of {@code gates} on the stable track, each judged one recorded in the ledger;
   * empty, with the reason on {@code report}, when Prometheus could not be asked.
   */
  Optional<List<GateEvaluation>> measure(
      LineContext context, List<String> gates, LineReport.Builder report) {
    Optional<List<GateEvaluation>> evaluations =
        Reading.of(
            report,
            "the stable track's %s from Prometheus".formatted(gates),
            () -> readings.evaluate(context, Scope.STABLE, gates, Baselines.takingBaseline()));
    evaluations.ifPresent(all -> all.forEach(e -> recordIfJudged(context, e, report)));
    return evaluations;
  }

  private static void recordIfJudged(
      LineContext context, GateEvaluation e, LineReport.Builder report) {
    if (!GateReadings.judged(e)) {
      report.evidence("Measurement " + e.gate(), GateReadings.describe(e));
      return;
    }
    Environment env = context.environment();
    Baseline baseline =
        new Baseline(
            e.gate(),
            e.value().orElseThrow(),
            Baseline.unitName(e.unit()),
            e.query(),
            e.evaluatedAt(),
            Optional.of(env.cadence().rateWindow()));
    context.ledger().update(l -> l.withBaseline(baseline));
    String later =
        env.gates()
            .get(e.gate())
            .maxAboveBaseline()
            .map(
                ratio ->
                    "later checks also judge %s against <= %s (this baseline + %s, max_above_baseline)"
                        .formatted(
                            e.gate(),
                            e.unit().format(baseline.value() * (1 + ratio)),
                            Unit.RATIO.format(ratio)))
            .orElse(
                "%s has no max_above_baseline: later checks judge its threshold %s only"
                    .formatted(e.gate(), e.threshold()));
    report.evidence(
        "Baseline " + e.gate(),
        "%s baseline %s on the stable track over a %s rate window at %s, recorded in ledger %s; %s.%n%s"
            .formatted(
                e.gate(),
                e.unit().format(baseline.value()),
                window(env),
                e.evaluatedAt(),
                context.ledger().location(),
                later,
                GateReadings.describe(e)));
  }

  /** The rate window as PromQL writes it: 5m, 15s. */
  private static String window(Environment env) {
    return env.cadence().rateWindow().toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
