package io.intelgraph.cutover.evidence;

import io.intelgraph.cutover.gate.GateEvaluation;
import io.intelgraph.cutover.gate.GateReport;
import io.intelgraph.cutover.gate.GateVerdict;
import io.intelgraph.cutover.support.JsonMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gate check as evidence: a JSON document a person can recompute every verdict from (query,
 * answer, value, threshold, baseline, comparison with stable, outcome, verdict, streak, rule, time,
 * whether it is a shadow gate that does not judge the release) and a Markdown table to read it at a
 * glance, both under one {@link #title}.
 *
 * <pre>{@code
 * attach(GateCheckEvidence.title(report) + " (evidence)", "application/json", GateCheckEvidence.json(report));
 * attach(GateCheckEvidence.title(report), "text/markdown", GateCheckEvidence.markdown(report));
 * }</pre>
 */
public final class GateCheckEvidence {

  private GateCheckEvidence() {}

  /** E.g. {@code gate gate check #1 (all) at 2025-09-21T15:15:00Z: YELLOW}. */
  public static String title(GateReport report) {
    return "%s gate check #%d (%s) at %s: %s"
        .formatted(
            report.phase(), report.number(), report.scope().label(), report.at(), report.verdict());
  }

  public static String json(GateReport report) {
    List<Map<String, Object>> gates = new ArrayList<>();
    for (int i = 0; i < report.evaluations().size(); i++) {
      GateEvaluation e = report.evaluations().get(i);
      GateVerdict v = report.verdicts().get(i);
      Map<String, Object> gate = new LinkedHashMap<>();
      gate.put("gate", e.gate());
      gate.put("scope", e.scope().label());
      gate.put("time", e.evaluatedAt().toString());
      gate.put("value", e.value().isPresent() ? number(e.value().getAsDouble()) : null);
      gate.put("threshold", e.threshold().toString());
      gate.put("baseline", e.baseline().orElse(null));
      if (e.versusStable().isPresent()) gate.put("versus_stable", e.versusStable().get());
      gate.put("outcome", e.outcome().name());
      gate.put("verdict", v.verdict().name());
      gate.put("streak", v.streak());
      // a shadow gate's verdict is its own: evidence of what it would have done, never the
      // release's
      gate.put("shadow", e.shadow());
      gate.put("rule", v.reason());
      gate.put("detail", e.detail());
      List<Map<String, String>> questions = new ArrayList<>();
      e.evidence()
          .forEach(
              q ->
                  questions.add(
                      Map.of("role", q.role(), "query", q.query(), "answer", q.answer())));
      gate.put("queries", questions);
      gates.add(gate);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("phase", report.phase());
    root.put("check", report.number());
    root.put("scope", report.scope().label());
    root.put("time", report.at().toString());
    root.put("verdict", report.verdict().name());
    root.put("reason", report.release().reason());
    root.put("gates", gates);
    // a gate switched off is named with the source that did it: no gate vanishes silently
    root.put("gates_switched_off", report.switchedOff());
    return JsonMappers.PRETTY.writeValueAsString(root);
  }

  /** A number for JSON; NaN and infinities as the strings Prometheus uses. */
  private static Object number(double value) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
    return value;
  }

  public static String markdown(GateReport report) {
    StringBuilder table =
        new StringBuilder()
            .append("**")
            .append(report.phase())
            .append(" gate check #")
            .append(report.number())
            .append("** (")
            .append(report.scope().label())
            .append(") at ")
            .append(report.at())
            .append(": **")
            .append(report.verdict())
            .append("**\n\n")
            .append(
                "| gate | value | threshold | baseline limit | outcome | verdict | streak | time |\n")
            .append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < report.evaluations().size(); i++) {
      GateEvaluation e = report.evaluations().get(i);
      GateVerdict v = report.verdicts().get(i);
      String value = e.value().isPresent() ? e.unit().format(e.value().getAsDouble()) : "none";
      String baseline = e.baseline().map(b -> b.describe(e.unit())).orElse("-");
      table
          .append("| ")
          .append(e.gate())
          .append(e.shadow() ? " (shadow)" : "")
          .append(" | ")
          .append(value)
          .append(" | ")
          .append(e.threshold())
          .append(" | ")
          .append(baseline.replace("|", "\\|"))
          .append(" | ")
          .append(e.outcome())
          .append(" | ")
          .append(v.verdict())
          .append(" | ")
          .append(v.streak())
          .append(" | ")
          .append(e.evaluatedAt())
          .append(" |\n");
    }
    table.append("\n").append(report.release().reason().replace("|", "\\|")).append('\n');
    report
        .switchedOff()
        .forEach(
            (gate, source) ->
                table
                    .append("\nswitched off: ")
                    .append(gate)
                    .append(" (by ")
                    .append(source)
                    .append(")\n"));
    return table.toString();
  }
}
