package io.intelgraph.cutover.gate;

import io.intelgraph.cutover.config.Quantity;
import io.intelgraph.cutover.config.StableComparisonSpec;
import io.intelgraph.cutover.sandbox.Fault;
import org.junit.jupiter.api.Test;

/** {@code canary-slower}: the canary's p95 worse than stable's, under the 350 ms threshold. */
class CanarySlowerThanStableIT extends StableComparisonSandbox {

  @Test
  void aCanarySlowerThanStableButUnderTheThresholdsIsRedOnlyWithTheComparison() {
    judgedRedOnlyWithTheRule(
        Fault.CANARY_SLOWER,
        "api_p95",
        new StableComparisonSpec(1.3, Quantity.parse("20ms"), 0.95, 10),
        rig.environment().cadence().rateWindow());
  }
}
