package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;

import org.junit.jupiter.api.Test;

/**
 * The healthy run of show end to end as one execution (one Maven run) against the embedded sandbox,
 * judged by the end state in the ledger. {@link SeparatePhasesIT} holds the same run, one execution
 * per phase, to the same expectations.
 */
class HealthyCutoverIT {

  @Test
  void aHealthyCutoverIsGreenWithoutRollback() {
    assertHealthyCutover(run("healthy", "", RUN_OF_SHOW));
  }
}
