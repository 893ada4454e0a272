package io.intelgraph.cutover.junit;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.GateCheckOffset;
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
 * {@code {preflight.max_dns_ttl}} (likewise {@code cost_max_per_hour}, {@code
 * min_certificate_validity}, {@code opa_max_p95}) as the limit its line checks ({@code 300s}), and
 * {@code {cadence.canary_weight}} as the canary's configured share (20), {@code
 * {deploy.helm_release}}, {@code {deploy.lock_value_path}} and {@code {deploy.lock_value}} as what
 * the lock line verifies. A placeholder the environment does not define is left as written, so a
 * mistake shows instead of vanishing.
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
              String gateName = placeholder.group(1);
              GateSpec gate =
                  environment.gates() == null ? null : environment.gates().get(gateName);
              if (gate != null) return Matcher.quoteReplacement(gate.threshold().toString());
              // a line of a switched-off gate says so in its name instead of an unfilled template
              return Matcher.quoteReplacement(
                  environment.gatesSwitchedOff().containsKey(gateName)
                      ? "switched off by " + environment.gatesSwitchedOff().get(gateName)
                      : placeholder.group());
            });
  }

  private static Map<String, String> values(Environment environment) {
    Map<String, String> values = new LinkedHashMap<>();
    if (environment.endpoints() != null)
      values.put("{endpoints.public_host}", environment.endpoints().publicHost());
    if (environment.preflight() != null) {
      // the runbook's wording: "≤ $25/hour", "TTL ≤ 300s", "Expiry > 30 days", "< 10ms"
      values.put(
          "{preflight.cost_max_per_hour}",
          java.math.BigDecimal.valueOf(environment.preflight().costMaxPerHour())
              .stripTrailingZeros()
              .toPlainString());
      values.put("{preflight.max_dns_ttl}", runbookDuration(environment.preflight().maxDnsTtl()));
      values.put(
          "{preflight.min_certificate_validity}",
          runbookDuration(environment.preflight().minCertificateValidity()));
      values.put("{preflight.opa_max_p95}", runbookDuration(environment.preflight().opaMaxP95()));
    }
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
    if (environment.deploy() != null) {
      values.put("{deploy.helm_release}", environment.deploy().helmRelease());
      values.put("{deploy.lock_value_path}", environment.deploy().lockValuePath());
      values.put("{deploy.lock_value}", environment.deploy().lockValue());
    }
    bakeValues(environment, values);
    return values;
  }

  /** A duration as the runbook writes it: whole days as "30 days", else "300s" or "10ms". */
  static String runbookDuration(java.time.Duration duration) {
    if (!duration.isZero()
        && duration.toDaysPart() > 0
        && duration.equals(java.time.Duration.ofDays(duration.toDays()))) {
      return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
    }
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  /**
   * The KPI watch's and the closeout's targets ({@code {kpi.query_success}}, {@code
   * {closeout.availability}}, {@code {kpi.queries.tenant_mix.threshold}}, ...), as configured.
   */
  private static void bakeValues(Environment environment, Map<String, String> values) {
    if (environment.kpi() != null) {
      values.put("{kpi.query_success}", String.valueOf(environment.kpi().querySuccess()));
      values.put("{kpi.mutation_success}", String.valueOf(environment.kpi().mutationSuccess()));
      values.put(
          "{kpi.subscription_delivery}", String.valueOf(environment.kpi().subscriptionDelivery()));
      values.put("{kpi.cost_budget_per_day}", dollars(environment.kpi().costBudgetPerDay()));
      if (environment.kpi().queries() != null) {
        environment
            .kpi()
            .queries()
            .forEach(
                (key, query) ->
                    query
                        .threshold()
                        .ifPresent(
                            threshold ->
                                values.put(
                                    "{kpi.queries." + key + ".threshold}", threshold.toString())));
      }
    }
    if (environment.evidence() != null) {
      values.put(
          "{evidence.report_window}", GateCheckOffset.human(environment.evidence().reportWindow()));
    }
    if (environment.slo() != null) {
      values.put("{slo.compliance_min}", String.valueOf(environment.slo().complianceMin()));
    }
    if (environment.closeout() != null) {
      values.put("{closeout.availability}", String.valueOf(environment.closeout().availability()));
      values.put("{closeout.p95_latency}", String.valueOf(environment.closeout().p95Latency()));
      values.put(
          "{closeout.max_error_budget_burn}",
          String.valueOf(environment.closeout().maxErrorBudgetBurn()));
      values.put(
          "{closeout.projected_monthly_cost}",
          dollars(environment.closeout().projectedMonthlyCost()));
    }
  }

  /** Whole dollars as people write them: {@code 18,000}. */
  private static String dollars(double amount) {
    return String.format(java.util.Locale.ROOT, "%,.0f", amount);
  }
}
