package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.junit.Blocking;
import io.intelgraph.cutover.junit.EvidencePhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.evidence.EvidenceCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * T+120: the evidence of the cutover (see {@link EvidenceCollection}). Refused while a gate check
 * of the attempt is still due (unless {@code evidence.allow_partial}, which marks the bundle
 * PARTIAL). The SLOs over T-0 to T+120 as a report and a chart, the cluster as it stands, the
 * summary counted from the ledger, and the signed bundle that seals the evidence and the Allure
 * results written so far. A failed check does not stop the bundle: the evidence of a failed cutover
 * is sealed as well.
 */
@EvidencePhase
@DisplayName("T+120 Evidence collection")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class T120EvidenceTest {

  private EvidenceCollection t120;

  @BeforeAll
  void evidenceOfThisPhase(LineContext context) {
    t120 = EvidenceCollection.open(context);
  }

  @Test
  @Order(1)
  @DisplayName(
      "SLO Compliance Report: p95 latency and 5xx ratio from T-0 over {evidence.report_window}, {slo.compliance_min} of steps within the SLO, with ramp steps")
  void sloComplianceReport(LineContext context) {
    assertThat(t120.sloComplianceReport().run(context)).passed();
  }

  @Test
  @Order(2)
  @DisplayName(
      "Deployment Status: deployments, ingress weights and HTTPRoute as the cluster reports them")
  void deploymentStatus(LineContext context) {
    assertThat(t120.deploymentStatus().run(context)).passed();
  }

  @Test
  @Order(3)
  @DisplayName("Performance Summary: cutover_summary.json counted from the ledger")
  void performanceSummary(LineContext context) {
    assertThat(t120.performanceSummary().run(context)).passed();
  }

  @Test
  @Order(4)
  @Blocking
  @DisplayName(
      "Evidence bundle: manifest of SHA-256 digests, signed, packed with the Allure results")
  void evidenceBundle(LineContext context) {
    assertThat(t120.evidenceBundle().run(context)).passed();
  }

  @Test
  @Order(5)
  @DisplayName(
      "Release artifacts attached: the bundle verifies and holds the evidence (CI uploads it to the release)")
  void releaseArtifactsAttached(LineContext context) {
    assertThat(t120.releaseArtifactsAttached().run(context)).passed();
  }

  @Test
  @Order(6)
  @DisplayName(
      "War room summary: T+120 verdict and figures posted to the war room (war_room.webhook)")
  void warRoomSummary(LineContext context) {
    assertThat(t120.warRoomSummary().run(context)).passed();
  }
}
