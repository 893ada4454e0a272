package io.intelgraph.cutover.runofshow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.approval.ApprovalVerifier;
import io.intelgraph.cutover.bake.BakeProbe;
import io.intelgraph.cutover.bake.BakeWindow;
import io.intelgraph.cutover.config.Closeout;
import io.intelgraph.cutover.config.DrRunbook;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.evidence.ManifestDigest;
import io.intelgraph.cutover.junit.CloseoutPhase;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.ledger.LedgerStore;
import io.intelgraph.cutover.preflight.CostAnomalies;
import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.preflight.KubecostCosts;
import io.intelgraph.cutover.preflight.OpaProbe;
import io.intelgraph.cutover.review.Judgement;
import io.intelgraph.cutover.review.LastChange;
import io.intelgraph.cutover.review.RestoreDrills;
import io.intelgraph.cutover.supplychain.SbomVerdict;
import io.intelgraph.cutover.supplychain.SupplyChainLines;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * <p>The cosign line verifies every deployed API image's signature in the registry; the SBOM line
 * diffs this release's CycloneDX SBOM with the previous one and judges the scanner's findings. The
 * go-live approval is a signed statement per role; the DR runbook review and the lessons learned
 * are people's attestations, given per run.
 *
 * <p>The chaos lines act on the environment's cluster and fail unless {@code chaos.enabled}; the
 * restore drill and the Neo4j backup line fail on a missing or failed backup (see {@link
 * DrillLines}).
 */
@CloseoutPhase
@DisplayName("Day-3 closeout: 72-hour bake report")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseoutTest {

  static final String OPA_LOADED = "OPA bundle loaded: revision ";
  private BakeWindow window;

  private BakeWindow window(Environment env, LedgerStore ledger) {
    if (window == null)
      window =
          BakeLines.window("closeout", "closeout_window", env.cadence().closeoutWindow(), ledger);
    return window;
  }

  // ---- SLO adherence ----------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("API Availability > 99.9% (1 - 5xx ratio over the window)")
  void apiAvailability(Environment env, LedgerStore ledger) {
    BakeLines.assertPassed(
        BakeProbe.closeout(env)
            .ratio(
                "API availability (non-5xx / all requests)",
                env.closeout().goodRequests(),
                env.closeout().requests(),
                env.closeout().availability(),
                window(env, ledger)));
  }

  @Test
  @Order(2)
  @DisplayName(
      "P95 Latency Compliance: % of time ≤ 350ms (share of the window's steps, target closeout.p95_compliance)")
  void p95LatencyCompliance(Environment env, LedgerStore ledger) {
    Closeout closeout = env.closeout();
    BakeLines.assertPassed(
        BakeProbe.closeout(env)
            .p95Compliance(
                "P95 latency compliance (share of steps with p95 %s)"
                    .formatted(closeout.p95Latency()),
                closeout.latencyBucket(),
                closeout.latencyCount(),
                closeout.p95Latency(),
                closeout.p95Compliance(),
                window(env, ledger)));
  }

  @Test
  @Order(3)
  @DisplayName(
      "Error Budget Burn < 20% (5xx over the window vs the budget of the 99.9% SLO over its period)")
  void errorBudgetBurn(Environment env, LedgerStore ledger) {
    Closeout closeout = env.closeout();
    BakeLines.assertPassed(
        BakeProbe.closeout(env)
            .errorBudget(
                "Error budget burn",
                closeout.badRequests(),
                closeout.requests(),
                closeout.slo(),
                closeout.errorBudgetPeriod(),
                closeout.maxErrorBudgetBurn(),
                window(env, ledger)));
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

  /**
   * The document's last change (git log, else mtime) within {@code closeout.dr_runbook.max_age},
   * the last restore drill the ledger recorded within {@code .max_drill_age}, and a person's review
   * ({@code attestations.dr_runbook_reviewed}); each missing or stale one is named.
   */
  @Test
  @Order(9)
  @DisplayName(
      "Disaster recovery runbook: last updated, tested (file age, last restore drill in the ledger, attested: attestations.dr_runbook_reviewed)")
  void disasterRecoveryRunbook(Environment env, LedgerStore ledger) {
    DrRunbook dr = env.closeout().drRunbook();
    Instant now = Instant.now();
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    if (dr.file().isEmpty()) {
      problems.add(
          "no DR runbook configured; set closeout.dr_runbook.file to the runbook's path (e.g. docs/runbooks/disaster-recovery.md)");
    } else {
      try {
        LastChange changed = LastChange.of(dr.file().get());
        seen.add(changed.describe());
        if (changed.age(now).compareTo(dr.maxAge()) > 0) {
          problems.add(
              "%s, %s ago; closeout.dr_runbook.max_age is %s: review and update the runbook"
                  .formatted(
                      changed.describe(),
                      changed.age(now).truncatedTo(ChronoUnit.HOURS),
                      dr.maxAge()));
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    Optional<Attestation> drill = RestoreDrills.latest(ledger.read());
    if (drill.isEmpty()) {
      problems.add(
          "no restore drill is recorded in the ledger %s (none of %s); run the restore drill lines (or T-15 with attestations.restore_tested)"
              .formatted(ledger.location(), RestoreDrills.LINES));
    } else {
      seen.add(
          "last restore drill: %s by %s at %s"
              .formatted(drill.get().what(), drill.get().who(), drill.get().at()));
      if (Duration.between(drill.get().at(), now).compareTo(dr.maxDrillAge()) > 0) {
        problems.add(
            "the last restore drill was at %s, longer ago than closeout.dr_runbook.max_drill_age %s; run one"
                .formatted(drill.get().at(), dr.maxDrillAge()));
      }
    }
    try {
      Attested.record(
          ledger,
          new Judgement(
                  "dr_runbook_reviewed",
                  "Disaster recovery runbook reviewed",
                  "\"erin (platform lead) reviewed disaster-recovery.md rev 4f2a1c on 2026-11-26\"")
              .attest(env.attestations().drRunbookReviewed(), now));
    } catch (AssertionError e) {
      problems.add(e.getMessage());
    }
    Allure.addAttachment("DR runbook", "text/plain", String.join("\n", seen) + "\n", ".txt");
    assertThat(problems)
        .as(
            "Disaster recovery runbook at %s (%s):%n  %s",
            now, String.join("; ", seen), String.join("%n  ".formatted(), problems))
        .isEmpty();
  }

  // ---- Security attestations --------------------------------------------------------------------

  /**
   * Every image of the stable and canary pod templates, by digest, signed by a configured cosign
   * key (supply_chain.cosign_public_keys).
   */
  @Test
  @Order(10)
  @DisplayName("Cosign verification: All images signed and verified")
  void cosignVerification(Environment env, KubernetesClient kubernetes) {
    SupplyChainLines.CosignReport report = SupplyChainLines.cosign(env, kubernetes);
    Allure.addAttachment("Cosign verification", "text/plain", report.describe(), ".txt");
    assertThat(report.checks())
        .as(
            "images of deployments %s and %s",
            env.cluster().stableDeployment(), env.cluster().canaryDeployment())
        .isNotEmpty();
    assertThat(report.failures())
        .as("cosign verification at %s: %s", Instant.now(), report.describe())
        .isEmpty();
  }

  /**
   * This release's CycloneDX SBOM against the previous one's, and the scanner's findings against
   * supply_chain.max_vulnerabilities.
   */
  @Test
  @Order(11)
  @DisplayName("SBOM drift scan: new packages, vulnerabilities")
  void sbomDriftScan(Environment env) {
    SbomVerdict verdict = SupplyChainLines.sbomDrift(env);
    Allure.addAttachment("SBOM drift", "text/plain", verdict.describe(), ".txt");
    assertThat(verdict.overLimit())
        .as("SBOM drift scan at %s: %s", Instant.now(), verdict.describe())
        .isEmpty();
  }

  /**
   * The revision OPA reports now must be the one the T-15 preflight recorded ("OPA bundle loaded:
   * Latest policy hash confirmed").
   */
  @Test
  @Order(12)
  @DisplayName(
      "OPA bundle hash: Matches deployment (revision now == revision recorded at T-15 preflight)")
  void opaBundleHashMatchesDeployment(Environment env, LedgerStore ledger) {
    List<Attestation> recorded =
        ledger.read().attestations().stream().filter(a -> a.what().startsWith(OPA_LOADED)).toList();
    Optional<Attestation> atPreflight =
        recorded.stream().max(Comparator.comparing(Attestation::at));
    if (atPreflight.isEmpty()) {
      fail(
          "no OPA bundle revision was recorded at preflight in the ledger %s (no attestation '%s...'); run -Dgroups=preflight first"
              .formatted(ledger.location(), OPA_LOADED));
    }
    String expected = atPreflight.get().what().substring(OPA_LOADED.length()).trim();
    String now =
        new OpaProbe(env.endpoints().opa(), env.preflight().timeout())
            .activeRevision(env.preflight().opaDecisionPath(), env.preflight().opaBundle());
    assertThat(now)
        .as(
            "OPA at %s reports bundle revision '%s' at %s; the T-15 preflight recorded '%s' at %s (%s)",
            env.endpoints().opa(),
            now,
            Instant.now(),
            expected,
            atPreflight.get().at(),
            atPreflight.get().who())
        .isEqualTo(expected);
  }

  // ---- Cost baseline vs. actual -----------------------------------------------------------------

  /**
   * Kubecost's allocation of the namespace over its last hour x 730 h (an average month): the
   * trend, not a month's bill.
   */
  @Test
  @Order(13)
  @DisplayName("Projected monthly: $18,000 vs. Actual trend: $/month (Kubecost rate x 730 h)")
  void projectedMonthlyVsActualTrend(Environment env) {
    CostProbe.CostRate rate =
        new CostProbe(env.endpoints().cost(), env.preflight().timeout())
            .rate(env.cluster().namespace());
    double trend = rate.dollarsPerHour() * 730;
    double projected = env.closeout().projectedMonthlyCost();
    assertThat(trend)
        .as(
            "actual trend at %s: $%.0f/month (= $%.2f/h x 730 h, %s) vs projected $%.0f/month (closeout.projected_monthly_cost)",
            Instant.now(), trend, rate.dollarsPerHour(), rate, projected)
        .isLessThanOrEqualTo(projected);
  }

  /**
   * Kubecost's container request right-sizing ({@code /model/savings/requestSizingV2}) for the
   * namespace over {@code closeout.right_sizing_window}: the line passes when Kubecost answered
   * well-formed recommendations (none is an answer too: nothing to right-size), and attaches them
   * with their monthly savings for the review.
   */
  @Test
  @Order(14)
  @DisplayName(
      "Resource optimization: recommendations identified (Kubecost request right-sizing V2 over closeout.right_sizing_window)")
  void resourceOptimization(Environment env) {
    List<KubecostCosts.Recommendation> recommendations =
        new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
            .requestSizing(env.cluster().namespace(), env.closeout().rightSizingWindow());
    double savings =
        recommendations.stream().mapToDouble(KubecostCosts.Recommendation::monthlySavings).sum();
    String text =
        "%d recommendations for namespace %s, $%.2f/month in total:%n%s"
            .formatted(
                recommendations.size(),
                env.cluster().namespace(),
                savings,
                recommendations.stream()
                    .map(r -> "  " + r)
                    .collect(java.util.stream.Collectors.joining("\n")));
    Allure.addAttachment(
        "Kubecost right-sizing recommendations", "text/plain", text + "\n", ".txt");
    assertThat(savings)
        .as("total monthly savings of Kubecost's recommendations at %s: %s", Instant.now(), text)
        .isFinite();
  }

  /**
   * Kubecost's cost of the namespace per {@code closeout.cost_anomaly_step} over {@code
   * closeout.cost_anomaly_window} (allocation API); a step costing more per hour than {@code
   * cost_anomaly_factor} x the median is an anomaly.
   */
  @Test
  @Order(15)
  @DisplayName(
      "Cost anomalies: none (Kubecost cost per step vs cost_anomaly_factor x the median over closeout.cost_anomaly_window)")
  void costAnomalies(Environment env) {
    Closeout closeout = env.closeout();
    List<KubecostCosts.CostPoint> points =
        new KubecostCosts(env.endpoints().cost(), env.preflight().timeout())
            .series(
                env.cluster().namespace(),
                closeout.costAnomalyWindow(),
                closeout.costAnomalyStep());
    CostAnomalies.Report report =
        CostAnomalies.find(
            "total cost of namespace " + env.cluster().namespace(),
            points,
            KubecostCosts.CostPoint::totalCost,
            closeout.costAnomalyFactor());
    Allure.addAttachment("Kubecost cost series", "text/plain", report.describe() + "\n", ".txt");
    assertThat(report.anomalies())
        .as("cost anomalies at %s: %s", Instant.now(), report.describe())
        .isEmpty();
  }

  // ---- Final approval & archive -----------------------------------------------------------------

  /**
   * One valid signed approval per role of {@code closeout.approvals.roles} (the {@code approve}
   * command), verified with that role's public key, for this release and the evidence manifest the
   * T+120 phase sealed and recorded in the ledger; every missing or invalid approval is named.
   */
  @Test
  @Order(16)
  @DisplayName(
      "Sign GO_LIVE_APPROVAL.md: Platform Lead, SRE Lead, Security Lead, CTO (a signed approval per closeout.approvals.roles)")
  void goLiveApproval(Environment env, LedgerStore ledger) {
    Optional<Attestation> sealed = ManifestDigest.sealedIn(ledger.read());
    if (sealed.isEmpty()) {
      fail(
          "no sealed evidence bundle is recorded in the ledger %s, so there is nothing to approve; run -Dgroups=evidence first, then each role runs approve --evidence"
              .formatted(ledger.location()));
    }
    String digest = ManifestDigest.digestOf(sealed.get());
    Instant now = Instant.now();
    ApprovalVerifier.Report report =
        ApprovalVerifier.verify(env.closeout().approvals(), env.release().tag(), digest, now);
    Allure.addAttachment("Go-live approvals", "text/plain", report.describe() + "\n", ".txt");
    report
        .roles()
        .forEach(
            role ->
                role.valid()
                    .ifPresent(
                        a ->
                            ledger.update(
                                l ->
                                    l.withAttestation(
                                        new Attestation(
                                            a.approvedBy(),
                                            "Go-live approval verified: " + a.describe(),
                                            now)))));
    assertThat(report.approved())
        .as(
            "go-live approvals for %s, evidence %s, in %s at %s:%n%s",
            env.release().tag(), digest, report.dir(), now, report.describe())
        .isTrue();
  }

  @Test
  @Order(17)
  @DisplayName(
      "Runbook updates: Lessons learned incorporated (attested: attestations.lessons_learned)")
  void lessonsLearned(Environment env, LedgerStore ledger) {
    Attested.record(
        ledger,
        new Judgement(
                "lessons_learned",
                "Runbook updates: Lessons learned incorporated",
                "\"frank: DNS TTL and OPA revision checks added to run-of-show.md in PR #412\"")
            .attest(env.attestations().lessonsLearned(), Instant.now()));
  }

  @Test
  @Order(18)
  @DisplayName("War room summary: Final status posted to stakeholders (war_room.webhook)")
  void warRoomSummary(Environment env, LedgerStore ledger) {
    WarRoomLine.post(env, ledger, "Day-3 closeout");
  }
}
