package io.intelgraph.cutover.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressTrafficWeightsTest {

  private static String forward(int stable, int canary) {
    return "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"intelgraph-api\",\"servicePort\":80,\"weight\":%d},{\"serviceName\":\"intelgraph-api-canary\",\"servicePort\":80,\"weight\":%d}]}}"
        .formatted(stable, canary);
  }

  @ParameterizedTest(name = "stable {0} / canary {1} -> {2} %")
  @CsvSource({"100,0,0", "95,5,5", "60,40,40", "0,100,100", "1,2,67", "900,100,10"})
  void percentIsTheCanaryShareOfTheRelativeWeights(int stable, int canary, int percent) {
    IngressTrafficWeights.Parsed parsed =
        IngressTrafficWeights.parse(forward(stable, canary), "intelgraph-api-canary");

    assertThat(parsed.problem()).isNull();
    assertThat(parsed.canaryPercent()).isEqualTo(percent);
  }

  @ParameterizedTest(name = "{0} -> 0 % because {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|is missing",
        "{not json|is not JSON",
        "{\"type\":\"forward\"}|has no forwardConfig.targetGroups",
        "{\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"intelgraph-api-canary\",\"weight\":\"40\"}]}}|non-negative integer weight",
        "{\"forwardConfig\":{\"targetGroups\":[{\"serviceName\":\"intelgraph-api-canary\",\"weight\":0}]}}|weight 0"
      })
  void anythingUnreadableMeansNoCanaryAndSaysWhy(String annotation, String why) {
    IngressTrafficWeights.Parsed parsed =
        IngressTrafficWeights.parse(annotation, "intelgraph-api-canary");

    assertThat(parsed.canaryPercent()).isZero();
    assertThat(parsed.problem())
        .contains(why)
        .contains("alb.ingress.kubernetes.io/actions.weighted-routing");
  }
}
