package io.intelgraph.cutover.config;

import java.util.Map;

/**
 * One environment the cutover runs against, loaded and validated once before any check runs: {@code
 * Environment env = EnvironmentLoader.fromSystem().load();}. Built in: {@code sandbox}; a
 * documented {@code prod.example} mirrors the runbook.
 *
 * @param gates the SLO gates by name, in the order the file lists them
 * @param kpi the business KPI watch (first 24 hours): targets and the queries of lines without a
 *     built-in metric
 * @param closeout the day-3 bake report: SLO targets, error budget, cost projection
 * @param warRoom where the T+120 and closeout summaries are posted; absent, those lines fail saying
 *     so
 * @param supplyChain the day-3 closeout's image signatures and SBOM drift
 * @param backups where the T-15 backup lines read WAL archiving and the newest backup
 * @param chaos the day-3 chaos experiments (off unless enabled)
 * @param restoreDrill the day-3 PostgreSQL restore drill
 * @param neo4jBackup where the day-3 Neo4j backup verification reads the backup's size and
 *     integrity
 */
public record Environment(
    String name,
    Mode mode,
    Release release,
    Endpoints endpoints,
    Cluster cluster,
    Cadence cadence,
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
    java.util.Optional<WarRoom> warRoom,
    SupplyChain supplyChain,
    Backups backups,
    Chaos chaos,
    RestoreDrill restoreDrill,
    Neo4jBackup neo4jBackup) {

  public Environment {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "environment name '%s' must be lower case letters, digits, . _ -".formatted(name));
    }
    // null only when the command that loaded this environment does not read the gates (KeysInUse)
    if (gates != null) {
      if (gates.isEmpty()) throw new IllegalArgumentException("at least one gate is required");
      gates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gates));
    }
  }

  /** True for the embedded sandbox, which the JUnit wiring starts before the first check. */
  public boolean isSandbox() {
    return "sandbox".equals(name);
  }
}
