package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the names of hosts and objects into a runbook line's name from the environment it checks:
 * {@code @DisplayName("DNS resolves correctly: {endpoints.public_host} → ALB")} reads, in the
 * report, as the host this run really resolved, not the one the runbook was written for; {@code
 * {gates.api_p95.threshold}} reads as the threshold the gate is judged on ({@code <= 350 ms}), and
 * {@code {cadence.canary_weight}} as the canary's configured share (20). A placeholder the
 * environment does not define is left as written, so a mistake shows instead of vanishing.
 */
final class RunbookNames {

  private RunbookNames() {}

  /** {@code {gates.api_p95.threshold}}: the threshold the gate is judged on, as people read it. */
  private static final Pattern GATE_THRESHOLD =
      Pattern.compile("\\{gates\\.([a-z0-9_]+)\\.threshold}");

  static String resolve(String name, Environment environment) {
    if (name == null || !name.contains("{")) return name;
    String resolved = name;
    for (Map.Entry<String, String> value : values(environment).entrySet()) {
      if (value.getValue() != null) resolved = resolved.replace(value.getKey(), value.getValue());
    }
    return GATE_THRESHOLD
        .matcher(resolved)
        .replaceAll(
            placeholder -> {
              GateSpec gate =
                  environment.gates() == null
                      ? null
                      : environment.gates().get(placeholder.group(1));
              return Matcher.quoteReplacement(
                  gate == null ? placeholder.group() : gate.threshold().toString());
            });
  }

  private static Map<String, String> values(Environment environment) {
    Map<String, String> values = new LinkedHashMap<>();
    if (environment.endpoints() != null)
      values.put("{endpoints.public_host}", environment.endpoints().publicHost());
    if (environment.cluster() != null) {
      values.put("{cluster.namespace}", environment.cluster().namespace());
      values.put("{cluster.ingress}", environment.cluster().ingress());
      values.put("{cluster.stable_service}", environment.cluster().stableService());
      values.put("{cluster.canary_service}", environment.cluster().canaryService());
      values.put("{cluster.stable_deployment}", environment.cluster().stableDeployment());
      values.put("{cluster.canary_deployment}", environment.cluster().canaryDeployment());
    }
    if (environment.cadence() != null) {
      values.put("{cadence.canary_weight}", String.valueOf(environment.cadence().canaryWeight()));
    }
    return values;
  }
}
