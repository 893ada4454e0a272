package io.intelgraph.cutover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.config.GateSpec;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.SandboxResource;
import io.intelgraph.cutover.sandbox.SandboxTest;
import io.intelgraph.cutover.waiting.BoundedWait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The availability gates and the burn-rate alerts gate against the sandbox's real Prometheus: green
 * while healthy, RED when a target really goes down or the real rule engine fires the burn-rate
 * alert (and the real Alertmanager pages with it). The burn test runs last: the alert's long window
 * remembers the errors for minutes.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AvailabilityAndBurnRateGatesIT {

  private SandboxResource rig;

  @BeforeAll
  void start(SandboxResource rig) {
    this.rig = rig;
  }

  private Gate gate(String name) {
    return gate(rig.environment().gates().get(name));
  }

  private Gate gate(GateSpec spec) {
    return Gate.resolve(
        spec,
        Scope.ALL,
        rig.environment().cadence().rateWindow(),
        rig.environment().prometheus().selectors());
  }

  /** Evaluates {@code gate} every second until an evaluation has {@code outcome}; returns it. */
  private GateEvaluation awaitOutcome(Gate gate, Outcome outcome, Duration bound) {
    AtomicReference<GateEvaluation> last = new AtomicReference<>();
    await("%s %s".formatted(gate.name(), outcome))
        .atMost(bound)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              last.set(rig.evaluator().evaluate(gate, Instant.now(), Baselines.none()));
              return last.get().outcome() == outcome;
            });
    return last.get();
  }

  private GateVerdict verdict(List<GateEvaluation> history) {
    return VerdictRules.decide(
        history,
        VerdictRules.Rules.from(rig.environment().cadence()),
        history.get(history.size() - 1).evaluatedAt());
  }

  @Test
  @Order(1)
  void theHealthySandboxPassesTheAvailabilityAndBurnRateGates() {
    for (String name : List.of("api_up", "database_up", "burn_rate_alerts")) {
      // the first rule evaluation may follow the first scrapes by an interval
      GateEvaluation e = awaitOutcome(gate(name), Outcome.PASS, Duration.ofSeconds(15));

      assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.PASS);
    }
    GateEvaluation alerts =
        rig.evaluator().evaluate(gate("burn_rate_alerts"), Instant.now(), Baselines.none());
    assertThat(alerts.evidence())
        .extracting(Evidence::role)
        .containsExactly("value", "freshness", "rules");
    assertThat(alerts.evidence().get(2).answer())
        .contains("\"name\":\"ApiErrorBudgetBurnRatePage\"", "\"health\":\"ok\"");
  }

  @Test
  @Order(2)
  void aCanaryThatIsDownTurnsApiUpRedAtOnce() {
    rig.sandbox().faults().activate(Fault.CANARY_DOWN);

    GateEvaluation down = awaitOutcome(gate("api_up"), Outcome.BREACH, Duration.ofSeconds(10));
    GateVerdict verdict = verdict(List.of(down));

    assertThat(down.detail()).startsWith("API targets up (all) 0 < 1 at ");
    assertThat(down.query()).isEqualTo("min(up{job=\"intelgraph-api\"})");
    assertThat(verdict.verdict()).isEqualTo(Verdict.RED);
    assertThat(verdict.reason()).isEqualTo("critical gate failed (BREACH): RED");
  }

  @Test
  @Order(3)
  void aDatabaseThatIsDownTurnsDatabaseUpRedAtOnce() {
    rig.sandbox().faults().activate(Fault.DATABASE_DOWN);

    GateEvaluation down = awaitOutcome(gate("database_up"), Outcome.BREACH, Duration.ofSeconds(10));
    GateVerdict verdict = verdict(List.of(down));

    assertThat(down.detail()).startsWith("databases up (blackbox probes) (all) 0 < 1 at ");
    assertThat(verdict.verdict()).isEqualTo(Verdict.RED);
    assertThat(verdict.reason()).isEqualTo("critical gate failed (BREACH): RED");
    assertThat(rig.sandbox().prometheus().query("probe_success{database=\"postgres\"}"))
        .as("the blackbox exporter's probe of the stopped PostgreSQL's port")
        .singleElement()
        .extracting(s -> s.value())
        .isEqualTo(0.0);
    assertThat(rig.sandbox().prometheus().query("probe_success{database=\"neo4j\"}"))
        .as("the probe of Neo4j's Bolt port, still listening")
        .singleElement()
        .extracting(s -> s.value())
        .isEqualTo(1.0);

    rig.sandbox().faults().activate(Fault.HEALTHY);
    await("the restarted PostgreSQL's probe succeeding again")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                rig.sandbox().prometheus().query("probe_success{database=\"postgres\"} == 1").size()
                    == 1);
  }

  @Test
  @Order(4)
  void alertRulesThatAreNotLoadedAreNoDataNeverAPass() {
    GateSpec spec = rig.environment().gates().get("burn_rate_alerts");
    GateSpec missing =
        new GateSpec(
            spec.name(),
            spec.description(),
            spec.query(),
            spec.threshold(),
            spec.maxAboveBaseline(),
            spec.trafficQuery(),
            spec.minTraffic(),
            spec.freshnessQuery(),
            spec.maxStaleness(),
            spec.critical(),
            Optional.of("NoSuchBurnRateRule"));

    GateEvaluation e = rig.evaluator().evaluate(gate(missing), Instant.now(), Baselines.none());

    assertThat(e.outcome()).isEqualTo(Outcome.NO_DATA);
    assertThat(e.value()).as("the PromQL alone would have read 0 firing").isEmpty();
    assertThat(e.detail())
        .contains("no alerting rule matching 'NoSuchBurnRateRule' is loaded in Prometheus");
  }

  @Test
  @Order(5)
  void burningTheErrorBudgetFiresTheRealAlertAndTheAlertsGateTurnsRed() {
    rig.router().setCanaryPercent(100);
    try {
      rig.sandbox().faults().activate(Fault.CANARY_5XX);
      Gate alerts = gate("burn_rate_alerts");

      GateEvaluation first = awaitOutcome(alerts, Outcome.BREACH, Duration.ofSeconds(60));
      BoundedWait.named("the next gate check").soak(rig.environment().cadence().gateInterval());
      GateEvaluation second = rig.evaluator().evaluate(alerts, Instant.now(), Baselines.none());

      assertThat(first.detail())
          .as(first.detail())
          .contains(
              "error-budget burn-rate alerts firing (all) 1 >= 1 at ",
              "; firing: ApiErrorBudgetBurnRatePage{severity=\"page\"}");
      assertThat(verdict(List.of(first)).verdict())
          .as("not critical: one firing check is a warning")
          .isEqualTo(Verdict.YELLOW);
      assertThat(second.outcome()).as(second.detail()).isEqualTo(Outcome.BREACH);
      GateVerdict red = verdict(List.of(first, second));
      assertThat(red.verdict()).isEqualTo(Verdict.RED);
      assertThat(red.reason()).isEqualTo("second consecutive failure: RED");
      // the same alert, sent by Prometheus to the real Alertmanager, pages through PagerDuty's
      // Events API (the sandbox's sink) and counts in the counter the KPI watch reads
      await("the real Alertmanager paging the sandbox's PagerDuty sink with the burn-rate alert")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  rig.sandbox().pagerDuty().received().stream()
                      .anyMatch(
                          event ->
                              event.contains("\"event_action\":\"trigger\"")
                                  && event.contains("ApiErrorBudgetBurnRatePage")));
      await("alertmanager_notifications_total{integration=\"pagerduty\"} scraped above 0")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  rig.sandbox()
                          .prometheus()
                          .query(
                              "alertmanager_notifications_total{job=\"alertmanager\",integration=\"pagerduty\"} > 0")
                          .size()
                      == 1);
    } finally {
      rig.router().setCanaryPercent(20);
    }
  }
}
