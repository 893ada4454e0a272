package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.junit.CloseoutPhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.WarRoomPost;
import io.intelgraph.cutover.runbook.closeout.BakeReport;
import io.intelgraph.cutover.runbook.closeout.CostReview;
import io.intelgraph.cutover.runbook.closeout.DayThreeRecord;
import io.intelgraph.cutover.runbook.closeout.DisasterRecoveryRunbook;
import io.intelgraph.cutover.runbook.closeout.Drills;
import io.intelgraph.cutover.runbook.closeout.GoLiveApproval;
import io.intelgraph.cutover.runbook.closeout.LessonsLearned;
import io.intelgraph.cutover.runbook.closeout.SecurityAttestations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run of show's "Day-3 Closeout": the 72-hour bake report over {@code cadence.closeout_window}
 * ending at the first line, never before full traffic (see {@link BakeReport}); the chaos and
 * backup drills ({@link Drills}: they fail unless {@code chaos.enabled}, or on a missing or failed
 * backup); the security attestations, cost review, go-live approvals, the 72 h dashboard export,
 * people's attestations, and last the day-3 record sealed and chained to the T+120 bundle ({@link
 * DayThreeRecord}).
 */
@CloseoutPhase
@DisplayName("Day-3 closeout: 72-hour bake report")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseoutTest {

  private final BakeReport bake = new BakeReport();
  private final Drills drills = Drills.forRun();

  // ---- SLO adherence ----------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("API Availability {closeout.availability} (1 - 5xx ratio over the window)")
  void apiAvailability(LineContext context) {
    assertThat(bake.apiAvailability().run(context)).passed();
  }

  @Test
  @Order(2)
  @DisplayName(
      "P95 Latency Compliance: % of time {closeout.p95_latency} (share of the window's steps, target {slo.compliance_min})")
  void p95LatencyCompliance(LineContext context) {
    assertThat(bake.p95LatencyCompliance().run(context)).passed();
  }

  @Test
  @Order(3)
  @DisplayName(
      "Error Budget Burn {closeout.max_error_budget_burn} (5xx over the window vs the budget of the {closeout.availability} SLO over its period)")
  void errorBudgetBurn(LineContext context) {
    assertThat(bake.errorBudgetBurn().run(context)).passed();
  }

  // ---- Chaos engineering results ----------------------------------------------------------------

  @Test
  @Order(4)
  @DisplayName("Pod deletion test: recovery time (of the deployment that carries the traffic)")
  void podDeletionTest(LineContext context) {
    assertThat(drills.podDeletion().run(context)).passed();
  }

  @Test
  @Order(5)
  @DisplayName(
      "Node drain test: workload migration time (of the deployment that carries the traffic)")
  void nodeDrainTest(LineContext context) {
    assertThat(drills.nodeDrain().run(context)).passed();
  }

  @Test
  @Order(6)
  @DisplayName("Network partition: circuit breaker activation")
  void networkPartition(LineContext context) {
    assertThat(drills.networkPartition().run(context)).passed();
  }

  // ---- Backup & recovery validation -------------------------------------------------------------

  @Test
  @Order(7)
  @DisplayName("PostgreSQL restore drill: RPO, RTO")
  void postgresRestoreDrill(LineContext context) {
    assertThat(drills.restoreDrill().run(context)).passed();
  }

  @Test
  @Order(8)
  @DisplayName(
      "Neo4j backup verification: backup size, integrity (as the backup declares them: the declared fallback, not read from the dump)")
  void neo4jBackupVerification(LineContext context) {
    assertThat(drills.neo4jBackup().run(context)).passed();
  }

  @Test
  @Order(9)
  @DisplayName(
      "Disaster recovery runbook: last updated, tested (file age, last restore drill the suite recorded in the ledger, attested: attestations.dr_runbook_reviewed)")
  void disasterRecoveryRunbook(LineContext context) {
    assertThat(new DisasterRecoveryRunbook().run(context)).passed();
  }

  // ---- Security attestations --------------------------------------------------------------------

  @Test
  @Order(10)
  @DisplayName("Cosign verification: All images signed and verified")
  void cosignVerification(LineContext context) {
    assertThat(SecurityAttestations.cosignVerification().run(context)).passed();
  }

  @Test
  @Order(11)
  @DisplayName("SBOM drift scan: new packages, vulnerabilities")
  void sbomDriftScan(LineContext context) {
    assertThat(SecurityAttestations.sbomDriftScan().run(context)).passed();
  }

  @Test
  @Order(12)
  @DisplayName(
      "OPA bundle hash: Matches deployment (revision now == revision recorded at T-15 preflight)")
  void opaBundleHashMatchesDeployment(LineContext context) {
    assertThat(SecurityAttestations.opaBundleHashMatchesDeployment().run(context)).passed();
  }

  // ---- Cost baseline vs. actual -----------------------------------------------------------------

  @Test
  @Order(13)
  @DisplayName(
      "Projected monthly: ${closeout.projected_monthly_cost} vs. Actual trend: $/month (Kubecost rate x 730 h)")
  void projectedMonthlyVsActualTrend(LineContext context) {
    assertThat(CostReview.projectedMonthlyVsActualTrend().run(context)).passed();
  }

  @Test
  @Order(14)
  @DisplayName(
      "Resource optimization: recommendations identified (Kubecost request right-sizing V2 over closeout.right_sizing_window)")
  void resourceOptimization(LineContext context) {
    assertThat(CostReview.resourceOptimization().run(context)).passed();
  }

  @Test
  @Order(15)
  @DisplayName(
      "Cost anomalies: none (Kubecost cost per step vs cost_anomaly_factor x the median over closeout.cost_anomaly_window)")
  void costAnomalies(LineContext context) {
    assertThat(CostReview.costAnomalies().run(context)).passed();
  }

  // ---- Final approval & archive -----------------------------------------------------------------

  @Test
  @Order(16)
  @DisplayName(
      "Sign GO_LIVE_APPROVAL.md: Platform Lead, SRE Lead, Security Lead, CTO (a signed approval per closeout.approvals.roles)")
  void goLiveApproval(LineContext context) {
    assertThat(new GoLiveApproval().run(context)).passed();
  }

  @Test
  @Order(17)
  @DisplayName(
      "Dashboard exports: 72-hour performance data saved (every gate and the bake report's series over cadence.closeout_window, CSV and charts)")
  void dashboardExports(LineContext context) {
    assertThat(bake.dashboardExports().run(context)).passed();
  }

  @Test
  @Order(18)
  @DisplayName(
      "Runbook updates: Lessons learned incorporated (attested: attestations.lessons_learned)")
  void lessonsLearned(LineContext context) {
    assertThat(new LessonsLearned().run(context)).passed();
  }

  @Test
  @Order(19)
  @DisplayName("War room summary: Final status posted to stakeholders (war_room.webhook)")
  void warRoomSummary(LineContext context) {
    assertThat(new WarRoomPost("Day-3 closeout").run(context)).passed();
  }

  // last, so that every closeout line's evidence is in the record it seals
  @Test
  @Order(20)
  @DisplayName(
      "Evidence bundle: Complete compliance artifacts archived (the day-3 record signed, chained to the T+120 bundle)")
  void evidenceBundle(LineContext context) {
    assertThat(DayThreeRecord.forRun().run(context)).passed();
  }
}
