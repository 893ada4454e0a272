package io.intelgraph.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.cluster.TrafficRouter;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole sandbox is real and wired: moving the ingress weight moves the traffic Prometheus
 * measures, and every fault scenario shows in Prometheus within a few scrapes.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxFaultsIT {

  private Sandbox sandbox;
  private TrafficRouter router;

  @BeforeAll
  void start(Sandbox sandbox, TrafficRouter router) {
    this.sandbox = sandbox;
    this.router = router;
  }

  private double scalar(String promql) {
    List<PrometheusServer.Sample> samples = sandbox.prometheus().query(promql);
    assertThat(samples).as("answer to %s", promql).hasSize(1);
    return samples.get(0).value();
  }

  @Test
  void movingTheIngressWeightTo40MovesTheMeasuredCanaryShareTo40() {
    router.setCanaryPercent(40);
    // a whole 10 s window after the move, so no request routed at the old weight is counted
    BoundedWait.named("traffic at 40 % canary fills the window").soak(Duration.ofSeconds(12));

    double share =
        scalar(
            "sum(increase(http_requests_total{job=\"intelgraph-api\",track=\"canary\"}[10s]))"
                + " / sum(increase(http_requests_total{job=\"intelgraph-api\"}[10s]))");

    assertThat(share)
        .as("canary share measured by Prometheus at ingress weight 40")
        .isBetween(0.35, 0.45);
  }

  @ParameterizedTest(name = "{0} shows as {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      canary-5xx        | sum(rate(http_requests_total{track="canary",status_code=~"5.."}[5s])) > 0
      canary-latency    | histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{track="canary"}[5s]))) > 0.35
      brief-spike       | sum(rate(http_requests_total{track="canary",status_code=~"5.."}[5s])) > 0
      auth-regression   | sum(rate(http_requests_total{track="canary",status_code="401"}[5s])) > 0
      kafka-lag         | max(kafka_consumer_lag_sum) > 1000
      subscription-drop | sum(rate(graphql_subscription_events_total{outcome="dropped"}[5s])) > 0
      api-5xx           | sum(rate(http_requests_total{track="stable",status_code=~"5.."}[5s])) > 0
      page-storm        | sum(rate(http_requests_total{track="stable",status_code=~"5.."}[5s])) > 0
      database-down     | probe_success{job="blackbox-databases",database="postgres"} == 0
      """)
  void everyFaultScenarioIsVisibleInPrometheusWithinAFewScrapes(
      String scenario, String visibleWhen) {
    router.setCanaryPercent(50);
    // the previous scenario's effect must have left the window first, or this one proves nothing
    await("healthy before " + scenario)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> sandbox.prometheus().query(visibleWhen).isEmpty());

    sandbox.faults().activate(Fault.byScenario(scenario));

    await(scenario + " visible in Prometheus")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !sandbox.prometheus().query(visibleWhen).isEmpty());
    if (scenario.startsWith("canary")) {
      assertThat(
              sandbox
                  .prometheus()
                  .query(
                      "sum(rate(http_requests_total{track=\"stable\",status_code=~\"5..\"}[5s])) > 0"))
          .as("the stable track stays healthy under %s", scenario)
          .isEmpty();
    }
  }

  @Test
  void prometheusDownMakesQueriesFailWithinAFewSeconds() {
    sandbox.faults().activate(Fault.PROMETHEUS_DOWN);

    assertThatThrownBy(() -> sandbox.prometheus().query("up")).isInstanceOf(RuntimeException.class);

    sandbox.faults().activate(Fault.HEALTHY);
    await("Prometheus answering again")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> !sandbox.prometheus().query("up").isEmpty());
  }
}
