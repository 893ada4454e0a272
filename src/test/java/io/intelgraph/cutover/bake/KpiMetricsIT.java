package io.intelgraph.cutover.bake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.preflight.CostAnomalies;
import io.intelgraph.cutover.preflight.KubecostCosts;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.SandboxTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The KPI watch's default queries against the sandbox's real Prometheus, and the cost lines against
 * its Kubecost stand-in: each passes on the healthy sandbox and breaches for its own reason under
 * its fault. The healthy checks run first: a page storm's burn-rate alert outlives the fault by its
 * short window, and its pages stay in a rate window after that.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiMetricsIT {

  private static final Duration DATA = Duration.ofSeconds(45);

  private Sandbox sandbox;
  private Environment env;

  @BeforeAll
  void start(Sandbox sandbox, Environment env) {
    this.sandbox = sandbox;
    this.env = env;
  }

  /**
   * The line over a window from {@code since} to now, awaited until it reaches {@code expected}
   * (data takes a few scrapes).
   */
  private BakeResult awaitOutcome(String key, Instant since, Outcome expected) {
    AtomicReference<BakeResult> last = new AtomicReference<>();
    await("KPI line %s to be %s".formatted(key, expected))
        .atMost(DATA)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              BakeResult r =
                  BakeProbe.kpi(env)
                      .configured(
                          key,
                          env.kpi().queries().get(key),
                          BakeWindow.trailing(Duration.ofMinutes(1), since, Instant.now()));
              last.set(r);
              return r.outcome() == expected;
            });
    return last.get();
  }

  @Order(1)
  @ParameterizedTest
  @ValueSource(
      strings = {
        "tenant_mix",
        "regional_latency",
        "neo4j_page_cache_hit",
        "autoscale_events",
        "page_frequency"
      })
  void defaultQueryPassesOnTheHealthySandbox(String key) {
    BakeResult result = awaitOutcome(key, Instant.now().minusSeconds(20), Outcome.PASS);
    assertThat(result.describe()).contains("series");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "TENANT_SKEW       | tenant_mix           | tenant-a",
        "APAC_LATENCY      | regional_latency     | apac",
        "PAGE_CACHE_MISSES | neo4j_page_cache_hit | neo4j_dbms_page_cache_page_faults_total",
        "PAGE_STORM        | page_frequency       | pagerduty"
      })
  void lineBreachesForItsOwnReasonUnderItsFault(Fault fault, String key, String evidence) {
    sandbox.faults().activate(fault);
    BakeResult result = awaitOutcome(key, Instant.now(), Outcome.BREACH);
    assertThat(result.describe())
        .contains("BREACH")
        .contains("target " + env.kpi().queries().get(key).threshold().orElseThrow())
        .contains(evidence);
  }

  @Test
  void kafkaEgressSpikeShowsInKubecostsNetworkCostOfTheKafkaNamespace() {
    KubecostCosts kubecost = new KubecostCosts(env.endpoints().cost(), Duration.ofSeconds(5));
    double healthy =
        kubecost
                .series(env.kpi().kafkaNamespace(), Duration.ofMinutes(1), Duration.ofMinutes(1))
                .get(0)
                .networkCost()
            * 60;
    assertThat(env.kpi().kafkaEgress().isMetBy(healthy))
        .as("healthy Kafka egress $%.2f/h vs %s", healthy, env.kpi().kafkaEgress())
        .isTrue();

    sandbox.faults().activate(Fault.KAFKA_EGRESS_SPIKE);
    List<KubecostCosts.CostPoint> spike =
        kubecost.series(env.kpi().kafkaNamespace(), Duration.ofMinutes(1), Duration.ofMinutes(1));
    double perHour = spike.get(0).networkCost() / spike.get(0).hours();
    assertThat(env.kpi().kafkaEgress().isMetBy(perHour))
        .as("Kafka egress under a spike $%.2f/h vs %s", perHour, env.kpi().kafkaEgress())
        .isFalse();
  }

  @Test
  void costAnomalyIsTheLastStepAboveTheFactorTimesTheMedian() {
    KubecostCosts kubecost = new KubecostCosts(env.endpoints().cost(), Duration.ofSeconds(5));
    var closeout = env.closeout();
    CostAnomalies.Report healthy =
        CostAnomalies.find(
            "namespace cost",
            kubecost.series(
                env.cluster().namespace(),
                closeout.costAnomalyWindow(),
                closeout.costAnomalyStep()),
            KubecostCosts.CostPoint::totalCost,
            closeout.costAnomalyFactor());
    assertThat(healthy.anomalies()).as(healthy.describe()).isEmpty();

    sandbox.faults().activate(Fault.COST_ANOMALY);
    CostAnomalies.Report anomalous =
        CostAnomalies.find(
            "namespace cost",
            kubecost.series(
                env.cluster().namespace(),
                closeout.costAnomalyWindow(),
                closeout.costAnomalyStep()),
            KubecostCosts.CostPoint::totalCost,
            closeout.costAnomalyFactor());
    assertThat(anomalous.anomalies()).hasSize(1);
    assertThat(anomalous.describe()).contains("limit 2.0 x median").contains("above it:");
  }

  @Test
  void rightSizingRecommendationsAreReadFromKubecost() {
    List<KubecostCosts.Recommendation> recommendations =
        new KubecostCosts(env.endpoints().cost(), Duration.ofSeconds(5))
            .requestSizing(env.cluster().namespace(), env.closeout().rightSizingWindow());
    assertThat(recommendations)
        .extracting(KubecostCosts.Recommendation::controller)
        .containsExactly("intelgraph-api", "intelgraph-api-canary");
    assertThat(recommendations.get(0).toString()).contains("saves $53.95/month");
  }
}
