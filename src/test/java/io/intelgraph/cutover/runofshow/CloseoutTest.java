package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Closeout;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.junit.CloseoutPhase;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.preflight.OpaProbe;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run of show's "Day-3 Closeout": the 72-hour bake report over {@code cadence.closeout_window}
 * (72 h; 2 min in the sandbox) ending now, never before full traffic, with the share of the window
 * the data covered (too little is NO_DATA). The SLO lines are PromQL over all traffic; the OPA line
 * compares the loaded bundle with the revision the T-15 preflight recorded in the ledger.
 *
 * <p>The chaos lines act on the environment's cluster and fail unless {@code chaos.enabled}; the restore
 * drill and the Neo4j backup line fail on a missing or failed backup (see {@link DrillLines}). Image
 * signatures and SBOM scans are not run by this suite: those lines are disabled with the reason, never passed.
 */
@CloseoutPhase
@DisplayName("Day-3 closeout: 72-hour bake report")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseoutTest {

  static final String OPA_LOADED = "OPA bundle loaded: revision ";
  private static final String REQUESTS = "http_requests_total";
  private static final String NOT_5XX = "http_requests_total{status_code!~\"5..\"}";
  private static final String IS_5XX = "http_requests_total{status_code=~\"5..\"}";
  private BakeWindow window;

  private BakeWindow window(Environment env, LedgerStore ledger) {
    if (window == null) window = BakeLines.window("closeout", "closeout_window", env.cadence().closeoutWindow(), ledger);
    return window;
  }

  // ---- SLO adherence ----------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("API Availability > 99.9% (1 - 5xx ratio over the window)")
  void apiAvailability(Environment env, LedgerStore ledger) {
    BakeLines.assertPassed(BakeProbe.closeout(env).ratio("API availability (non-5xx / all requests)", NOT_5XX, REQUESTS,
        env.closeout().availability(), window(env, ledger)));
  }

  @Test
  @Order(2)
  @DisplayName("P95 Latency Compliance: % of time ≤ 350ms (share of the window's steps, target closeout.p95_compliance)")
  void p95LatencyCompliance(Environment env, LedgerStore ledger) {
    Closeout closeout = env.closeout();
    BakeLines.assertPassed(BakeProbe.closeout(env).p95Compliance("P95 latency compliance (share of steps with p95 %s)".formatted(closeout.p95Latency()),
        "http_request_duration_seconds_bucket", "http_request_duration_seconds_count", closeout.p95Latency(), closeout.p95Compliance(),
        window(env, ledger)));
  }

  @Test
  @Order(3)
  @DisplayName("Error Budget Burn < 20% (5xx over the window vs the budget of the 99.9% SLO over its period)")
  void errorBudgetBurn(Environment env, LedgerStore ledger) {
    Closeout closeout = env.closeout();
    BakeLines.assertPassed(BakeProbe.closeout(env).errorBudget("Error budget burn", IS_5XX, REQUESTS, closeout.slo(),
        closeout.errorBudgetPeriod(), closeout.maxErrorBudgetBurn(), window(env, ledger)));
  }

  // ---- Chaos engineering results ----------------------------------------------------------------

  @Test
  @Order(4)
  @DisplayName("Pod deletion test: recovery time")
  void podDeletionTest(Environment env, KubernetesClient client) {
    DrillLines.podDeletion(env, client);
  }

  @Test
  @Order(5)
  @DisplayName("Node drain test: workload migration time")
  void nodeDrainTest(Environment env, KubernetesClient client) {
    DrillLines.nodeDrain(env, client);
  }

  @Test
  @Order(6)
  @DisplayName("Network partition: circuit breaker activation")
  void networkPartition(Environment env, KubernetesClient client) {
    DrillLines.networkPartition(env, client);
  }

  // ---- Backup & recovery validation -------------------------------------------------------------

  @Test
  @Order(7)
  @DisplayName("PostgreSQL restore drill: RPO, RTO")
  void postgresRestoreDrill(Environment env) {
    DrillLines.restoreDrill(env);
  }

  @Test
  @Order(8)
  @DisplayName("Neo4j backup verification: backup size, integrity")
  void neo4jBackupVerification(Environment env, KubernetesClient client) {
    DrillLines.neo4jBackup(env, client);
  }

  @Test
  @Order(9)
  @Disabled("a document review by people (last updated, tested), not something this suite can observe")
  @DisplayName("Disaster recovery runbook: last updated, tested")
  void disasterRecoveryRunbook() {}

  // ---- Security attestations --------------------------------------------------------------------

  @Test
  @Order(10)
  @Disabled("not run by this suite: needs cosign and access to the image registry (cosign verify ghcr.io/intelgraph/api:<tag>), neither of which this suite has")
  @DisplayName("Cosign verification: All images signed and verified")
  void cosignVerification() {}

  @Test
  @Order(11)
  @Disabled("not run by this suite: needs syft (SBOM) and a vulnerability scanner against the released image and the previous SBOM")
  @DisplayName("SBOM drift scan: new packages, vulnerabilities")
  void sbomDriftScan() {}

  /** The revision OPA reports now must be the one the T-15 preflight recorded ("OPA bundle loaded: Latest policy hash confirmed"). */
  @Test
  @Order(12)
  @DisplayName("OPA bundle hash: Matches deployment (revision now == revision recorded at T-15 preflight)")
  void opaBundleHashMatchesDeployment(Environment env, LedgerStore ledger) {
    List<Attestation> recorded = ledger.read().attestations().stream().filter(a -> a.what().startsWith(OPA_LOADED)).toList();
    Optional<Attestation> atPreflight = recorded.stream().max(Comparator.comparing(Attestation::at));
    if (atPreflight.isEmpty()) {
      fail("no OPA bundle revision was recorded at preflight in the ledger %s (no attestation '%s...'); run -Dgroups=preflight first"
          .formatted(ledger.location(), OPA_LOADED));
    }
    String expected = atPreflight.get().what().substring(OPA_LOADED.length()).trim();
    String now = new OpaProbe(env.endpoints().opa(), env.preflight().timeout()).activeRevision(env.preflight().opaDecisionPath(), env.preflight().opaBundle());
    assertThat(now)
        .as("OPA at %s reports bundle revision '%s' at %s; the T-15 preflight recorded '%s' at %s (%s)", env.endpoints().opa(), now, Instant.now(),
            expected, atPreflight.get().at(), atPreflight.get().who())
        .isEqualTo(expected);
  }

  // ---- Cost baseline vs. actual -----------------------------------------------------------------

  /** Kubecost's allocation of the namespace over its last hour x 730 h (an average month): the trend, not a month's bill. */
  @Test
  @Order(13)
  @DisplayName("Projected monthly: $18,000 vs. Actual trend: $/month (Kubecost rate x 730 h)")
  void projectedMonthlyVsActualTrend(Environment env) {
    CostProbe.CostRate rate = new CostProbe(env.endpoints().cost(), env.preflight().timeout()).rate(env.cluster().namespace());
    double trend = rate.dollarsPerHour() * 730;
    double projected = env.closeout().projectedMonthlyCost();
    assertThat(trend)
        .as("actual trend at %s: $%.0f/month (= $%.2f/h x 730 h, %s) vs projected $%.0f/month (closeout.projected_monthly_cost)",
            Instant.now(), trend, rate.dollarsPerHour(), rate, projected)
        .isLessThanOrEqualTo(projected);
  }

  @Test
  @Order(14)
  @Disabled("not measured by this suite: needs Kubecost's savings recommendations API, which the cost probe does not read (and the sandbox's stand-in does not serve)")
  @DisplayName("Resource optimization: recommendations identified")
  void resourceOptimization() {}

  @Test
  @Order(15)
  @Disabled("not measured by this suite: needs Kubecost's anomaly detection (or a person's review of the cost trend)")
  @DisplayName("Cost anomalies: none")
  void costAnomalies() {}

  // ---- Final approval & archive -----------------------------------------------------------------

  @Test
  @Order(16)
  @Disabled("people's signatures on GO_LIVE_APPROVAL.md (Platform Lead, SRE Lead, Security Lead, CTO); this suite cannot sign for them")
  @DisplayName("Sign GO_LIVE_APPROVAL.md: Platform Lead, SRE Lead, Security Lead, CTO")
  void goLiveApproval() {}
}
