package io.intelgraph.cutover.config;

import java.util.Map;

/**
 * One environment the cutover runs against, loaded and validated once before any check runs: {@code
 * Environment env = EnvironmentLoader.fromSystem().load();}. Built in: {@code sandbox}; a
 * documented {@code prod.example} mirrors the runbook.
 *
 * @param escalation who decides a gate that is RED only because it stayed inconclusive: the clock,
 *     or a signed decision
 * @param gates the SLO gates by name, in the order the file lists them
 * @param kpi the business KPI watch (first 24 hours): targets and the queries of lines without a
 *     built-in metric
 * @param closeout the day-3 bake report: SLO targets, error budget, cost projection
 * @param slo the compliance rule the T+120 SLO report and the closeout's p95 compliance share
 * @param warRoom where the T+120 and closeout summaries are posted; absent, those lines fail saying
 *     so
 * @param supplyChain the day-3 closeout's image signatures and SBOM drift
 * @param backups where the T-15 backup lines read WAL archiving and the newest backup
 * @param chaos the day-3 chaos experiments (off unless enabled)
 * @param restoreDrill the day-3 PostgreSQL restore drill
 * @param neo4jBackup where the day-3 Neo4j backup verification reads the backup's size and
 *     integrity
 * @param deploy the runbook's deploy steps (T-0's canary deploy, the lock's chart upgrade) the
 *     suite runs in drive mode, and what the lines verify they produced
 * @param metrics where the run pushes its own facts as metrics ({@code metrics.pushgateway})
 * @param gatesSwitchedOff the gates switched off ({@code gates.<name>.enabled: false}) and the
 *     configuration source that did it; they are not in {@link #gates()}
 */
public record Environment(
    String name,
    Mode mode,
    Release release,
    Endpoints endpoints,
    Cluster cluster,
    Cadence cadence,
    Escalation escalation,
    PrometheusSettings prometheus,
    Map<String, GateSpec> gates,
    Preflight preflight,
    Attestations attestations,
    LedgerSpec ledger,
    RollbackSpec rollback,
    Oidc oidc,
    Goldens goldens,
    EvidenceSpec evidence,
    Kpi kpi,
    Closeout closeout,
    Slo slo,
    java.util.Optional<WarRoom> warRoom,
    SupplyChain supplyChain,
    Backups backups,
    Chaos chaos,
    RestoreDrill restoreDrill,
    Neo4jBackup neo4jBackup,
    Deploy deploy,
    RunMetricsSpec metrics,
    Map<String, String> gatesSwitchedOff) {

  public Environment {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "environment name '%s' must be lower case letters, digits, . _ -".formatted(name));
    }
    // null only when the command that loaded this environment does not read the gates (KeysInUse)
    if (gates != null) {
      if (gates.isEmpty()) {
        throw new IllegalArgumentException(
            "at least one gate is required%s"
                .formatted(
                    gatesSwitchedOff == null || gatesSwitchedOff.isEmpty()
                        ? ""
                        : "; every gate is switched off (%s)".formatted(gatesSwitchedOff)));
      }
      if (gates.values().stream().allMatch(spec -> spec != null && spec.shadow())) {
        // a release judged by shadow gates only would be GREEN whatever they saw
        throw new IllegalArgumentException(
            ("every gate is a shadow gate (%s), so nothing would judge the release;"
                    + " set `gates.<name>.shadow: false` on the gates the release must pass")
                .formatted(String.join(", ", gates.keySet())));
      }
      gates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gates));
    }
    if (escalation != null
        && escalation.byApproval()
        && closeout != null
        && closeout.approvals() != null) {
      for (String role : escalation.roles()) {
        if (!closeout.approvals().roles().containsKey(role)) {
          throw new IllegalArgumentException(
              "escalation.roles lists '%s', which closeout.approvals.roles does not (%s): a decision is verified with the role's public key there; add it or name one of those"
                  .formatted(role, closeout.approvals().roles().keySet()));
        }
      }
    }
    gatesSwitchedOff =
        gatesSwitchedOff == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(gatesSwitchedOff));
  }

  /**
   * Why gate {@code name} is not in {@link #gates()}, for a line or command that needs it: switched
   * off, and by which source, or not defined at all (with the gates there are).
   *
   * <pre>{@code
   * GateSpec spec = env.gates().get(name);
   * if (spec == null) return report.notConfigured(env.whyNoGate(name));
   * }</pre>
   */
  public String whyNoGate(String name) {
    String source = gatesSwitchedOff.get(name);
    if (source != null) {
      return "gate %s is switched off by %s (gates.%s.enabled: false)"
          .formatted(name, source, name);
    }
    return "environment %s has no gate %s; its gates are %s"
        .formatted(this.name, name, gates == null ? "not loaded" : gates.keySet());
  }

  /**
   * One line for reports: {@code "gates switched off: database_up (by prod.yaml)"}, or empty when
   * every gate is on.
   */
  public String switchedOffSummary() {
    if (gatesSwitchedOff.isEmpty()) return "";
    return "gates switched off: "
        + gatesSwitchedOff.entrySet().stream()
            .map(e -> "%s (by %s)".formatted(e.getKey(), e.getValue()))
            .collect(java.util.stream.Collectors.joining(", "));
  }

  /** True for the embedded sandbox, which the JUnit wiring starts before the first check. */
  public boolean isSandbox() {
    return "sandbox".equals(name);
  }
}
