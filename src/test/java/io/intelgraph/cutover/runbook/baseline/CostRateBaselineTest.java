package io.intelgraph.cutover.runbook.baseline;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;

import io.intelgraph.cutover.preflight.CostProbe;
import io.intelgraph.cutover.preflight.PreflightException;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostRateBaselineTest {

  @TempDir Path dir;

  private static CostProbe.CostRate costing(double dollarsOverTheLastHour) {
    Instant end = LineContexts.NOW;
    return new CostProbe.CostRate(
        "intelgraph-maestro",
        dollarsOverTheLastHour,
        end.minusSeconds(3600),
        end,
        "http://kubecost/model/allocation?window=1h");
  }

  @Test
  void aRateWithinTheLimitIsRecordedAsTheCostBaselineAndPasses() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(new CostRateBaseline(env -> costing(18.5)).run(context)).passed();
    assertThat(context.ledger().read().baselines().get(CostRateBaseline.NAME))
        .satisfies(
            b -> {
              assertThat(b.value()).isEqualTo(18.5);
              assertThat(b.unit()).isEqualTo("$/h");
              assertThat(b.at()).isEqualTo(LineContexts.NOW);
            });
  }

  @Test
  void aRateAboveTheLimitFailsWithTheRateAndTheKeyAndIsStillRecorded() {
    LineContext context = LineContexts.at(dir, Map.of("cutover.preflight.cost_max_per_hour", "20"));

    assertThat(new CostRateBaseline(env -> costing(31)).run(context))
        .failedWith(
            "cost rate $31.00/h is above preflight.cost_max_per_hour $20.0/h",
            "http://kubecost/model/allocation?window=1h");
    assertThat(context.ledger().read().baselines()).containsKey(CostRateBaseline.NAME);
  }

  @Test
  void kubecostNotAnsweringFailsNamingItAndRecordsNothing() {
    LineContext context = LineContexts.at(dir, Map.of());

    assertThat(
            new CostRateBaseline(
                    env -> {
                      throw new PreflightException("Kubecost at http://kubecost:9090 refused");
                    })
                .run(context))
        .failedWith(
            "could not read the cost of namespace intelgraph-maestro from Kubecost",
            "Kubecost at http://kubecost:9090 refused");
    assertThat(context.ledger().read().baselines()).isEmpty();
  }
}
