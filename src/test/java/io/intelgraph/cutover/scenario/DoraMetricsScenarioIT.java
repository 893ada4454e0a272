package io.intelgraph.cutover.scenario;

import static io.intelgraph.cutover.scenario.ScenarioRuns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.junit.SharedSandbox;
import io.intelgraph.cutover.ledger.Ledger;
import io.intelgraph.cutover.ledger.PhaseResult;
import io.intelgraph.cutover.ledger.RollbackRecord;
import io.intelgraph.cutover.runmetrics.MetricsPush;
import io.intelgraph.cutover.sandbox.Sandbox;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Verdicts as metrics, end to end: two cutovers of one release against one sandbox, the first
 * attempt's canary healthy, the second's halted (its subscription golden fails) and rolled back.
 * Each run pushes after every phase and after the rollback to the sandbox's real Pushgateway; its
 * Prometheus scrapes it and evaluates the product's DORA recording rules, which answer a change
 * failure rate of 0.5 and a mean time to restore equal to the rollback's duration in the ledger.
 */
class DoraMetricsScenarioIT {

  static final String SCENARIO = "dora-metrics";

  @Test
  void twoCutoversOneRolledBackGiveAChangeFailureRateOfOneHalfAndTheRollbacksTimeToRestore() {
    try (SharedSandbox shared = SharedSandbox.open()) {
      Outcome healthy = run(SCENARIO, "", UP_TO_CANARY);
      assertThat(healthy.ledger().rollback())
          .as("rollback of the healthy attempt; failures %s", healthy.failures())
          .isEmpty();

      EngineExecutionResults halted =
          execute(
              SCENARIO,
              Map.of("cutover.attempt", "new", "sandbox.fault", "subscription-drop"),
              UP_TO_CANARY);
      Ledger second = ledger(SCENARIO);
      assertThat(second.attempt()).as("the second attempt of the release").isEqualTo(2);
      assertThat(statuses(second)).containsEntry("canary", PhaseResult.Status.FAILED);
      RollbackRecord rollback =
          second
              .rollback()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no rollback of the halted canary; failures "
                              + halted.testEvents().failed().stream()
                                  .map(ScenarioRuns::describe)
                                  .toList()));
      double restore =
          Duration.between(rollback.requestedAt(), rollback.finishedAt().orElseThrow()).toMillis()
              / 1000.0;

      List<MetricsPush> pushes = MetricsPush.recorded(second);
      assertThat(pushes)
          .as("pushes of the second attempt")
          .allSatisfy(p -> assertThat(p.accepted()).as(p.describe()).isTrue())
          .extracting(MetricsPush::trigger)
          .containsSubsequence(
              "after phase baseline", "after phase canary", "after rollback " + rollback.state());

      Sandbox sandbox = shared.running().orElseThrow();
      assertThat(sandbox.pushgateway().scrape())
          .as("the Pushgateway's groups")
          .contains(
              "maestro_cutover_rollbacks{attempt=\"1\",environment=\"sandbox\",instance=\"\",job=\"maestro_cutover\",release=\""
                  + RELEASE
                  + "\"} 0",
              "maestro_cutover_rollbacks{attempt=\"2\",environment=\"sandbox\",instance=\"\",job=\"maestro_cutover\",release=\""
                  + RELEASE
                  + "\"} 1");

      PrometheusServer prometheus = sandbox.prometheus();
      String cfr = "environment:maestro_cutover_change_failure_rate:ratio{environment=\"sandbox\"}";
      String mttr =
          "environment:maestro_cutover_time_to_restore_seconds:mean{environment=\"sandbox\"}";
      // the rules answer once Prometheus has scraped the last push and evaluated them (1 s each)
      await("the DORA recording rules over both cutovers")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> value(prometheus, cfr) == 0.5 && value(prometheus, mttr) == restore);

      assertThat(value(prometheus, cfr)).as(cfr).isEqualTo(0.5);
      assertThat(value(prometheus, mttr)).as(mttr).isCloseTo(restore, within(0.001));
      assertThat(
              value(
                  prometheus,
                  "environment:maestro_cutover_cutovers:count{environment=\"sandbox\"}"))
          .isEqualTo(2);
    }
  }

  /** The single answer of {@code promql}, NaN while there is none. */
  private static double value(PrometheusServer prometheus, String promql) {
    List<PrometheusServer.Sample> answer = prometheus.query(promql);
    return answer.size() == 1 ? answer.get(0).value() : Double.NaN;
  }
}
