package io.intelgraph.cutover.runbook.closeout;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.chaos.ChaosPermit;
import io.intelgraph.cutover.ledger.Attestation;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closeout lines' refusals and unreachable dependencies: each a failure with the reason. */
class CloseoutChecksTest {

  @TempDir Path dir;

  @Test
  void chaosLinesFailWhileChaosIsOff() {
    LineContext context = LineContexts.at(dir, null, Map.of());
    Drills drills = new Drills(env -> null);

    assertThat(drills.podDeletion().run(context))
        .failedWith("Pod deletion test: " + ChaosPermit.OFF + " (environment 'prod')");
    assertThat(drills.nodeDrain().run(context)).failedWith("Node drain test: " + ChaosPermit.OFF);
    assertThat(drills.networkPartition().run(context))
        .failedWith("Network partition: " + ChaosPermit.OFF);
  }

  @Test
  void aPartitionWithoutACircuitBreakerQueryIsNotConfigured() {
    LineContext context = LineContexts.at(dir, null, Map.of("cutover.chaos.enabled", "true"));

    assertThat(new Drills(env -> null).networkPartition().run(context))
        .isNotConfigured("chaos.circuit_breaker_query (PromQL, 1 = breaker open) is missing");
  }

  @Test
  void theOpaRevisionNeedsThePreflightsRecord() {
    LineContext context = LineContexts.at(dir, null, Map.of());

    assertThat(SecurityAttestations.opaBundleHashMatchesDeployment().run(context))
        .failedWith(
            "no OPA bundle revision was recorded at preflight in the ledger",
            "run -Dgroups=preflight first");
  }

  @Test
  void anOpaThatDoesNotAnswerIsNamed() {
    LineContext context =
        LineContexts.at(dir, null, Map.of("cutover.endpoints.opa", "http://127.0.0.1:9"));
    context
        .ledger()
        .update(
            l ->
                l.withAttestation(
                    new Attestation("preflight", SecurityAttestations.OPA_LOADED + "abc123", NOW)));

    assertThat(SecurityAttestations.opaBundleHashMatchesDeployment().run(context))
        .failedWith("OPA at http://127.0.0.1:9");
  }

  @Test
  void theGoLiveApprovalNeedsASealedBundle() {
    assertThat(new GoLiveApproval().run(LineContexts.at(dir, null, Map.of())))
        .failedWith(
            "no sealed evidence bundle is recorded in the ledger",
            "run -Dgroups=evidence first, then each role runs approve --evidence");
  }

  @Test
  void aKubecostThatDoesNotAnswerFailsEachCostLine() {
    LineContext context =
        LineContexts.at(dir, null, Map.of("cutover.endpoints.cost", "http://127.0.0.1:9"));

    assertThat(CostReview.projectedMonthlyVsActualTrend().run(context))
        .failedWith("Kubecost at " + NOW);
    assertThat(CostReview.resourceOptimization().run(context)).failedWith("Kubecost at " + NOW);
    assertThat(CostReview.costAnomalies().run(context)).failedWith("Kubecost at " + NOW);
  }

  @Test
  void lessonsLearnedIsAPersonsWord() {
    assertThat(new LessonsLearned().run(LineContexts.at(dir, null, Map.of())))
        .failedWith("Runbook updates: Lessons learned incorporated: nobody attested it");
    LineContext attested =
        LineContexts.at(dir, null, Map.of("cutover.attestations.lessons_learned", "frank"));
    assertThat(new LessonsLearned().run(attested)).passed();
  }
}
