package io.intelgraph.cutover.runbook.baseline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.intelgraph.cutover.config.Preflight;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.util.Map;
import java.util.function.Function;

/**
 * T-30 "Deployment freeze confirmed: All non-essential deploys halted": the freeze is declared,
 * where {@code preflight.freeze} says, by exactly {@code "true"} (a ConfigMap key in the cutover
 * namespace, or a CI variable); anything else, including a missing ConfigMap, fails naming the
 * command that declares it. A confirmed freeze is recorded in the ledger as an attestation.
 */
public final class DeploymentFreeze implements RunbookLine {

  private final Function<String, String> ciVariables;

  /** Reads CI variables from {@code ciVariables} (the process environment in a run). */
  DeploymentFreeze(Function<String, String> ciVariables) {
    this.ciVariables = ciVariables;
  }

  /** The line as a run reads it: CI variables from this process's environment. */
  public static DeploymentFreeze fromProcessEnvironment() {
    return new DeploymentFreeze(System::getenv);
  }

  @Override
  public LineReport run(LineContext context) {
    Preflight.Freeze freeze = context.environment().preflight().freeze();
    LineReport.Builder report = context.report();
    String where;
    String value;
    if (freeze.ciVariable().isPresent()) {
      where = "CI variable " + freeze.ciVariable().get();
      value = ciVariables.apply(freeze.ciVariable().get());
    } else {
      String namespace = context.environment().cluster().namespace();
      String name = freeze.configMap().orElseThrow();
      String key = freeze.key().orElseThrow();
      where = "ConfigMap %s/%s key %s".formatted(namespace, name, key);
      ConfigMap map = context.kubernetes().configMaps().inNamespace(namespace).withName(name).get();
      if (map == null) {
        return report
            .problem(
                "%s: the ConfigMap does not exist; declare the freeze: kubectl -n %s create"
                    + " configmap %s --from-literal=%s=true",
                where, namespace, name, key)
            .judged();
      }
      Map<String, String> data = map.getData();
      value = data == null ? null : data.get(key);
      report.evidence(where, data == null ? "{}" : data);
    }
    report.evidence("freeze", where + " = " + value);
    report.problemIf(
        !"true".equals(value),
        "%s is '%s'; the freeze is declared only by \"true\" (set it, or fix preflight.freeze)",
        where,
        value);
    return context.recordIfPassed(
        report.judged(), where, () -> "Deployment freeze confirmed: " + where + " = true");
  }
}
