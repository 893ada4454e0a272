package io.intelgraph.cutover.runbook.kpi;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.NOW;

import io.intelgraph.cutover.runbook.AttestedJudgement;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import io.intelgraph.cutover.runbook.LineReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KpiWatchTest {

  @TempDir Path dir;
  final KpiWatch watch = new KpiWatch();

  @Test
  void aKpiLineWithoutItsQueryIsNotConfiguredNamingTheKeyAndAnExample() {
    // false_positive_rate is the one KPI query without a default
    LineReport report =
        watch
            .configured(
                "false_positive_rate",
                "False positive rate",
                "no incident tool is scraped",
                "e.g. sum(incidents_false_positive_total)")
            .run(context(Map.of()));

    assertThat(report)
        .isNotConfigured(
            "no metric for False positive rate in environment",
            "(no incident tool is scraped); configure `kpi.queries.false_positive_rate` (query,"
                + " optional threshold), e.g. sum(incidents_false_positive_total)");
  }

  @Test
  void loginsWithoutTheT30BaselineFailNamingThePhaseToRun() {
    LineContext context = context(Map.of());
    LineContexts.fullTrafficAt(context, NOW.minus(Duration.ofHours(1)));

    assertThat(watch.successfulLoginsPerMinute().run(context))
        .failedWith(
            "no T-30 authenticated_requests_per_minute baseline in the ledger",
            "run -Dgroups=baseline first");
  }

  @Test
  void theFalsePositiveRateWithoutAQueryIsAttestedAndLabelledWithWho() {
    LineContext context =
        context(Map.of("cutover.attestations.false_positive_rate", "erin (on-call lead)"));

    LineReport report = watch.falsePositiveRate().run(context);

    assertThat(report).passed();
    org.assertj.core.api.Assertions.assertThat(report.evidence())
        .contains(new LineReport.Evidence(AttestedJudgement.ATTESTED_BY, "erin (on-call lead)"));
    org.assertj.core.api.Assertions.assertThat(context.ledger().read().attestations())
        .extracting(a -> a.what())
        .containsExactly("False positive rate < 5%");
  }

  @Test
  void alertFatigueNobodyAttestedFails() {
    assertThat(watch.alertFatigueIndicators().run(context(Map.of())))
        .failedWith(
            "Alert fatigue indicators: none observed: nobody attested it for this run",
            "-Dcutover.attestations.alert_fatigue=");
  }

  @Test
  void aKubecostThatDoesNotAnswerFailsTheCostLinesNamingIt() {
    LineContext context = context(Map.of("cutover.endpoints.cost", "http://127.0.0.1:9"));
    LineContexts.fullTrafficAt(context, NOW.minus(Duration.ofHours(30)));

    assertThat(watch.totalCostVsBudget().run(context)).failedWith("total cost at " + NOW);
    assertThat(watch.kafkaEgressCosts().run(context))
        .failedWith(
            "Kafka egress (Kubecost networkCost of namespace 'kafka', PT24H in steps of PT1H)");
  }

  @Test
  void kafkaEgressWithoutFullTrafficHasNoWindow() {
    assertThat(watch.kafkaEgressCosts().run(context(Map.of())))
        .failedWith("the KPI watch window (cadence.kpi_window = PT24H) starts at full traffic");
  }

  private LineContext context(Map<String, String> properties) {
    return LineContexts.at(dir, null, new HashMap<>(properties));
  }
}
