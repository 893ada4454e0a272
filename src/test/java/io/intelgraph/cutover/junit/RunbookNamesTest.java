package io.intelgraph.cutover.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookNamesTest {

  final Environment staging =
      TestEnvironments.prodExample(
          Map.of(
              "cutover.endpoints.public_host",
              "staging.example.org",
              "cutover.cluster.canary_deployment",
              "api-next",
              "cutover.gates.api_p95.threshold",
              "<= 300ms",
              "cutover.preflight.cost_max_per_hour",
              "40.5",
              "cutover.preflight.max_dns_ttl",
              "60s",
              "cutover.preflight.min_certificate_validity",
              "14d",
              "cutover.preflight.opa_max_p95",
              "25ms",
              "cutover.cadence.canary_weight",
              "10"));

  @Test
  void hostsAndObjectsComeFromTheEnvironmentTheLineChecks() {
    assertThat(
            RunbookNames.resolve("DNS resolves correctly: {endpoints.public_host} → ALB", staging))
        .isEqualTo("DNS resolves correctly: staging.example.org → ALB");
    assertThat(
            RunbookNames.resolve(
                "kubectl rollout status deployment/{cluster.canary_deployment}", staging))
        .isEqualTo("kubectl rollout status deployment/api-next");
  }

  @Test
  void anUnknownPlaceholderStaysVisibleAndPlainNamesAreUntouched() {
    assertThat(RunbookNames.resolve("TTL of {endpoints.publichost}", staging))
        .isEqualTo("TTL of {endpoints.publichost}");
    assertThat(RunbookNames.resolve("TLS certificate valid: Expiry > 30 days", staging))
        .isEqualTo("TLS certificate valid: Expiry > 30 days");
  }

  @Test
  void aGateThresholdReadsAsConfigured() {
    assertThat(RunbookNames.resolve("API P95 (Target: {gates.api_p95.threshold})", staging))
        .isEqualTo("API P95 (Target: <= 300 ms)");
    assertThat(RunbookNames.resolve("Lag ({gates.no_such_gate.threshold})", staging))
        .isEqualTo("Lag ({gates.no_such_gate.threshold})");
  }

  @Test
  void aPreflightLimitReadsAsConfiguredInTheRunbooksWording() {
    assertThat(
            RunbookNames.resolve(
                "Cost Rate (Target: ≤ ${preflight.cost_max_per_hour}/hour)", staging))
        .isEqualTo("Cost Rate (Target: ≤ $40.5/hour)");
    assertThat(
            RunbookNames.resolve(
                "TTL ≤ {preflight.max_dns_ttl}: Fast failover configured", staging))
        .isEqualTo("TTL ≤ 60s: Fast failover configured");
    assertThat(
            RunbookNames.resolve(
                "TLS certificate valid: Expiry > {preflight.min_certificate_validity}", staging))
        .isEqualTo("TLS certificate valid: Expiry > 14 days");
    assertThat(RunbookNames.resolve("Policy decisions < {preflight.opa_max_p95}", staging))
        .isEqualTo("Policy decisions < 25ms");
  }

  @Test
  void theDefaultsReadAsTheRunbookWritesThem() {
    Environment prod = TestEnvironments.prodExample(Map.of());
    assertThat(
            RunbookNames.resolve(
                "Cost Rate (Target: ≤ ${preflight.cost_max_per_hour}/hour), TTL ≤"
                    + " {preflight.max_dns_ttl}, Expiry > {preflight.min_certificate_validity},"
                    + " < {preflight.opa_max_p95}",
                prod))
        .isEqualTo("Cost Rate (Target: ≤ $25/hour), TTL ≤ 300s, Expiry > 30 days, < 10ms");
  }

  @Test
  void kpiAndCloseoutTargetsReadAsConfigured() {
    Environment tighter =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.kpi.query_success", "> 99.5%",
                "cutover.closeout.availability", "> 99.95%",
                "cutover.closeout.p95_latency", "<= 300ms",
                "cutover.closeout.projected_monthly_cost", "21000",
                "cutover.kpi.cost_budget_per_day", "700"));

    assertThat(RunbookNames.resolve("GraphQL query success rate {kpi.query_success}", tighter))
        .isEqualTo("GraphQL query success rate > 99.5 %");
    assertThat(RunbookNames.resolve("API Availability {closeout.availability}", tighter))
        .isEqualTo("API Availability > 99.95 %");
    assertThat(RunbookNames.resolve("% of time {closeout.p95_latency}", tighter))
        .isEqualTo("% of time <= 300 ms");
    assertThat(
            RunbookNames.resolve(
                "Projected monthly: ${closeout.projected_monthly_cost}, budget"
                    + " ${kpi.cost_budget_per_day}/day",
                tighter))
        .isEqualTo("Projected monthly: $21,000, budget $700/day");
    assertThat(RunbookNames.resolve("No single tenant {kpi.queries.tenant_mix.threshold}", staging))
        .isEqualTo("No single tenant <= 20 %");
  }

  @Test
  void theSloReportsRuleAndWindowReadAsConfigured() {
    Environment tighter =
        TestEnvironments.prodExample(
            Map.of(
                "cutover.slo.compliance_min", ">= 99.5%",
                "cutover.evidence.report_window", "90m"));

    assertThat(
            RunbookNames.resolve(
                "SLO report from T-0 over {evidence.report_window}, {slo.compliance_min} of steps",
                tighter))
        .isEqualTo("SLO report from T-0 over 1h30m, >= 99.5 % of steps");
  }

  @Test
  void aSwitchedOffGateSaysSoInsteadOfAThreshold() {
    Environment noProbes =
        TestEnvironments.prodExample(Map.of("cutover.gates.database_up.enabled", "false"));

    assertThat(RunbookNames.resolve("Databases up ({gates.database_up.threshold})", noProbes))
        .isEqualTo("Databases up (switched off by -Dcutover.gates.database_up.enabled)");
  }

  @Test
  void theCanaryWeightReadsAsConfigured() {
    assertThat(
            RunbookNames.resolve(
                "Canary deployed successfully: {cadence.canary_weight}% traffic routing active",
                staging))
        .isEqualTo("Canary deployed successfully: 10% traffic routing active");
  }
}
