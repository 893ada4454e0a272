package io.intelgraph.cutover.runbook.gates;

import io.intelgraph.cutover.gate.GateReport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate checks a phase's lines decided in this process, by step: the ramp's canary percent, or
 * the gate phase's check number. The line that checks stores its report; the runbook lines after it
 * ("API P95", "5xx Rate", the verdict) read the same report, so one evaluation is judged once and
 * reported line by line. A line whose check did not run in this process finds nothing, and that is
 * never GREEN.
 */
public final class DecidedChecks {

  private final Map<Integer, GateReport> byStep = new ConcurrentHashMap<>();

  void put(int step, GateReport report) {
    byStep.put(step, report);
  }

  Optional<GateReport> get(int step) {
    return Optional.ofNullable(byStep.get(step));
  }
}
