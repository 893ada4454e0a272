package io.intelgraph.cutover.cli;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import tools.jackson.databind.json.JsonMapper;

/** Shared pieces of the json and table output. */
final class Rendering {
  static final JsonMapper JSON = JsonMappers.PRETTY;

  private Rendering() {}

  /** A number as JSON can carry it: NaN and infinities become the strings Prometheus uses. */
  static Object number(OptionalDouble value) {
    if (value.isEmpty()) return null;
    double v = value.getAsDouble();
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    return v;
  }

  static String shown(GateEvaluation e) {
    return e.value().isPresent() ? e.unit().format(e.value().getAsDouble()) : "-";
  }

  /** One gate's verdict and evaluation, complete enough to recompute it. */
  static Map<String, Object> gate(GateVerdict verdict, boolean withEvidence) {
    GateEvaluation e = verdict.latest();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("gate", e.gate());
    row.put("scope", e.scope().label());
    row.put("evaluated_at", e.evaluatedAt().toString());
    row.put("value", number(e.value()));
    row.put("unit", e.unit().name());
    row.put("threshold", e.threshold().toString());
    row.put("baseline_limit", number(e.baselineLimit()));
    row.put("baseline", e.baseline().orElse(null));
    if (e.versusStable().isPresent()) row.put("versus_stable", e.versusStable().get());
    row.put("outcome", e.outcome().name());
    row.put("verdict", verdict.verdict().name());
    row.put("streak", verdict.streak());
    row.put("reason", verdict.reason());
    row.put("traffic", number(e.traffic()));
    row.put("fresh_samples", number(e.freshSamples()));
    row.put("critical", e.critical());
    row.put("shadow", e.shadow());
    row.put("detail", e.detail());
    if (withEvidence) {
      row.put("query", e.query());
      row.put(
          "evidence",
          e.evidence().stream()
              .map(x -> Map.of("role", x.role(), "query", x.query(), "answer", x.answer()))
              .toList());
    }
    return row;
  }

  /**
   * The table form's last line(s): each gate switched off and the source that did it, so a reader
   * of {@code gates} or {@code replay} never takes a missing gate for a passing one.
   */
  static void switchedOff(Environment environment, PrintWriter out) {
    environment
        .gatesSwitchedOff()
        .forEach(
            (gate, source) ->
                out.printf(
                    "%s SWITCHED OFF by %s (gates.%s.enabled: false)%n", gate, source, gate));
  }
}
