package io.intelgraph.cutover.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosTargetTest {

  private static final Environment ENV = TestEnvironments.prodExample(Map.of());
  private static final IntSupplier UNREADABLE =
      () -> {
        throw new IllegalStateException("ingress intelgraph-maestro-ingress not found");
      };

  @ParameterizedTest(name = "live canary {0} % -> {1}")
  @CsvSource({
    "100, intelgraph-api-canary, 100",
    "60, intelgraph-api-canary, 60",
    "50, intelgraph-api-canary, 50",
    "40, intelgraph-api, 60",
    "0, intelgraph-api, 100"
  })
  void theLiveWeightsDecideWhichDeploymentServes(int canary, String expected, int share) {
    ChaosTarget target = ChaosTarget.choose(ENV, () -> canary, OptionalInt.of(100), "locked at T");

    assertThat(target.deployment()).isEqualTo(expected);
    assertThat(target.why())
        .startsWith(
            "%s, which carries %d %% of the traffic by the live routing weights (canary %d %%)"
                .formatted(expected, share, canary))
        .contains("the ledger's last traffic step (locked at T) set the canary to 100 %")
        .endsWith("chaos.deployment is not set, so the experiments act on what serves");
  }

  @Test
  void unreadableWeightsFallBackToTheLedgersLockedStep() {
    ChaosTarget target =
        ChaosTarget.choose(ENV, UNREADABLE, OptionalInt.of(100), "locked at 2026-12-07T09:00:00Z");

    assertThat(target.deployment()).isEqualTo("intelgraph-api-canary");
    assertThat(target.why())
        .isEqualTo(
            "intelgraph-api-canary, which carries 100 % of the traffic: the ledger's last traffic"
                + " step (locked at 2026-12-07T09:00:00Z) set the canary to 100 % (the live routing"
                + " weights could not be read: ingress intelgraph-maestro-ingress not found)");
  }

  @Test
  void neitherWeightsNorALedgerStepIsARefusalSayingHowToName() {
    assertThatThrownBy(() -> ChaosTarget.choose(ENV, UNREADABLE, OptionalInt.empty(), ""))
        .isInstanceOf(ChaosException.class)
        .hasMessage(
            "cannot tell which deployment carries the traffic: the live routing weights could not"
                + " be read (ingress intelgraph-maestro-ingress not found) and the ledger records no"
                + " traffic step; set chaos.deployment to the API deployment to act on");
  }

  @Test
  void aConfiguredDeploymentWinsWithoutReadingTheWeights() {
    Environment env = TestEnvironments.prodExample(Map.of("cutover.chaos.deployment", "api-blue"));

    ChaosTarget target = ChaosTarget.choose(env, UNREADABLE, OptionalInt.empty(), "");

    assertThat(target).isEqualTo(new ChaosTarget("api-blue", "chaos.deployment names api-blue"));
  }
}
