package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeightedRoutingTest {

  private static final String ANNOTATION =
      """
      {"type":"forward","forwardConfig":{"targetGroups":[
        {"serviceName":"intelgraph-api","servicePort":80,"weight":80},
        {"serviceName":"intelgraph-api-canary","servicePort":80,"weight":20}],
       "targetGroupStickinessConfig":{"enabled":false}}}""";

  @Test
  void canaryShareIsItsWeightOverTheSumOfWeights() {
    assertThat(WeightedRouting.parse(ANNOTATION).canaryPercent("intelgraph-api-canary"))
        .isEqualTo(20);
    assertThat(
            WeightedRouting.of("s", "c", 80, 0).withCanaryPercent("s", "c", 40).canaryPercent("c"))
        .isEqualTo(40);
  }

  @Test
  void rewritingKeepsEveryOtherField() {
    WeightedRouting moved =
        WeightedRouting.parse(ANNOTATION)
            .withCanaryPercent("intelgraph-api", "intelgraph-api-canary", 60);

    assertThat(moved.toJson()).contains("\"targetGroupStickinessConfig\":{\"enabled\":false}");
    assertThat(moved.targetGroups())
        .extracting(WeightedRouting.TargetGroup::weight)
        .containsExactly(40, 60);
  }

  @Test
  void anAbsentCanaryGetsNothing() {
    assertThat(WeightedRouting.of("a", "b", 80, 30).canaryPercent("other")).isZero();
  }

  @Test
  void malformedAnnotationsAreNamed() {
    assertThatThrownBy(() -> WeightedRouting.parse("{not json"))
        .hasMessageStartingWith("the weighted-routing annotation is not JSON");
    assertThatThrownBy(() -> WeightedRouting.parse("{\"type\":\"forward\"}"))
        .hasMessage("the weighted-routing annotation has no forwardConfig.targetGroups array");
    assertThatThrownBy(
            () -> WeightedRouting.parse(ANNOTATION).withCanaryPercent("intelgraph-api", "nope", 10))
        .hasMessageStartingWith("the weighted-routing annotation lacks target group nope");
  }
}
