package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A T-15 line fails: the canary phase is refused (a failure, never a skip) and no traffic moves.
 */
class FailingPreflightScenarioIT {

  @Test
  void aFailingPreflightLineRefusesTheCanaryAndMovesNoTraffic() {
    Outcome run =
        run("failing-preflight", "", UP_TO_CANARY, Map.of("cutover.preflight.max_dns_ttl", "1s"));
    Ledger ledger = run.ledger();

    assertThat(statuses(ledger))
        .containsEntry("preflight", PhaseResult.Status.FAILED)
        .containsEntry("canary", PhaseResult.Status.REFUSED);
    assertThat(refusals(run.executions().get(0)))
        .singleElement()
        .asString()
        .startsWith(
            "refused: the canary phase needs a preflight phase that passed, but io.intelgraph.cutover.runofshow.T15PreflightTest ended FAILED")
        .endsWith("-Dcutover.env=sandbox -Dgroups=preflight");
    assertThat(ledger.traffic()).as("traffic steps after a failed preflight").isEmpty();
    assertThat(
            run.executions().get(0).testEvents().started().stream()
                .map(e -> e.getTestDescriptor().getUniqueId().toString()))
        .as("canary checks started")
        .noneMatch(id -> id.contains("T0CanaryTest"));
  }
}
