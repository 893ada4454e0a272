package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster's RBAC lacks the scale grant the rollback needs (as the shipped Role once did): the
 * T-15 line "Rollback can execute" fails, naming the refused request, so the canary is refused and
 * no traffic moves.
 */
class MissingScaleGrantScenarioIT {

  @Test
  void withoutTheScaleGrantTheRollbackLineFailsAtT15AndNoTrafficMoves() {
    Outcome run =
        run(
            "missing-scale-grant",
            "",
            UP_TO_CANARY,
            Map.of(KubernetesSandbox.REVOKE_PROPERTY, "deployments/scale"));
    Ledger ledger = run.ledger();

    assertThat(statuses(ledger))
        .containsEntry("preflight", PhaseResult.Status.FAILED)
        .containsEntry("canary", PhaseResult.Status.REFUSED);
    var failures =
        run.executions().get(0).testEvents().failed().stream()
            .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("Rollback can execute"))
            .toList();
    assertThat(failures).as("the T-15 line \"Rollback can execute\" failed").hasSize(1);
    assertThat(
            failures
                .get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow()
                .getMessage())
        .contains(
            "can-i update deployments.apps/intelgraph-api-canary --subresource=scale -n intelgraph-maestro: no")
        .contains("Role maestro-cutover-rollback");
    assertThat(ledger.traffic()).as("traffic steps after a failed preflight").isEmpty();
  }
}
