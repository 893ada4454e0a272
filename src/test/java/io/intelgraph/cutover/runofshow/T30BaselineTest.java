package io.intelgraph.cutover.runofshow;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.junit.BaselinePhase;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.baseline.CostRateBaseline;
import io.intelgraph.cutover.runbook.baseline.DeploymentFreeze;
import io.intelgraph.cutover.runbook.baseline.GateBaseline;
import io.intelgraph.cutover.runbook.baseline.RelativeGateBaselines;
import io.intelgraph.cutover.runbook.baseline.TeamAssembly;
import io.intelgraph.cutover.runbook.baseline.WarRoomPaste;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * T-30 of the run of show: the deployment freeze, the people (war room, on-call, emergency
 * contacts) and the baseline snapshot. Each baseline is measured on the stable track by the gate of
 * the same name ({@link GateBaseline}), recorded in the ledger with its rate window and judged on
 * the gate's absolute threshold; every later gate evaluation reads it from the ledger (so it works
 * across Maven runs) and judges {@code max_above_baseline} against it. No data, stale data, too
 * little traffic or an error is never a baseline.
 */
@BaselinePhase
@DisplayName("T-30: Deployment freeze, team assembly and baselines")
class T30BaselineTest {

  @Test
  @Order(1)
  @DisplayName("Deployment freeze confirmed: All non-essential deploys halted")
  void deploymentFreezeConfirmed(LineContext context) {
    assertThat(DeploymentFreeze.fromProcessEnvironment().run(context)).passed();
  }

  @Test
  @Order(2)
  @DisplayName("War room active: Key stakeholders in #maestro-go-live-war-room")
  void warRoomActive(LineContext context) {
    assertThat(TeamAssembly.warRoom().run(context)).passed();
  }

  @Test
  @Order(3)
  @DisplayName("On-call rotation verified: Primary SRE + Platform backup confirmed")
  void onCallRotationVerified(LineContext context) {
    assertThat(TeamAssembly.onCall().run(context)).passed();
  }

  @Test
  @Order(4)
  @DisplayName("Emergency contacts tested: PagerDuty escalation paths validated")
  void emergencyContactsTested(LineContext context) {
    assertThat(TeamAssembly.emergencyContacts().run(context)).passed();
  }

  @Test
  @Order(5)
  @DisplayName("API P95 (Target: {gates.api_p95.threshold})")
  void apiP95(LineContext context) {
    assertThat(GateBaseline.of("api_p95").run(context)).passed();
  }

  @Test
  @Order(6)
  @DisplayName("API P99 (Target: {gates.api_p99.threshold})")
  void apiP99(LineContext context) {
    assertThat(GateBaseline.of("api_p99").run(context)).passed();
  }

  @Test
  @Order(7)
  @DisplayName("3-hop Graph P95 (Target: {gates.graph_3hop_p95.threshold})")
  void graph3HopP95(LineContext context) {
    assertThat(GateBaseline.of("graph_3hop_p95").run(context)).passed();
  }

  @Test
  @Order(8)
  @DisplayName("Kafka Consumer Lag (Target: {gates.kafka_lag.threshold})")
  void kafkaConsumerLag(LineContext context) {
    assertThat(GateBaseline.of("kafka_lag").run(context)).passed();
  }

  @Test
  @Order(9)
  @DisplayName("Auth Error Rate (Target: {gates.auth_error_ratio.threshold})")
  void authErrorRate(LineContext context) {
    assertThat(GateBaseline.of("auth_error_ratio").run(context)).passed();
  }

  /** Kubecost's allocation of the cutover namespace over the last hour, in dollars per hour. */
  @Test
  @Order(10)
  @DisplayName("Cost Rate (Target: ≤ ${preflight.cost_max_per_hour}/hour)")
  void costRate(LineContext context) {
    assertThat(CostRateBaseline.fromKubecost().run(context)).passed();
  }

  @Test
  @Order(11)
  @DisplayName("Baselines recorded for every gate judged against its baseline (max_above_baseline)")
  void everyGateWithARelativeLimitHasABaseline(LineContext context) {
    assertThat(RelativeGateBaselines.fromPrometheus().run(context)).passed();
  }

  @Test
  @Order(12)
  @DisplayName("Baseline Values (War Room Paste): posted to the war room (war_room.webhook)")
  void warRoomPaste(LineContext context) {
    assertThat(new WarRoomPaste().run(context)).passed();
  }
}
