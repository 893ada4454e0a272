package io.intelgraph.cutover.runbook.preflight;

import static io.intelgraph.cutover.assertions.CutoverAssertions.assertThat;
import static io.intelgraph.cutover.runbook.LineContexts.evaluation;

import io.intelgraph.cutover.gate.Evidence;
import io.intelgraph.cutover.gate.MetricContract;
import io.intelgraph.cutover.gate.Outcome;
import io.intelgraph.cutover.gate.Scope;
import io.intelgraph.cutover.preflight.WalArchiving;
import io.intelgraph.cutover.runbook.GateReadings;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T-15 lines that read Prometheus (WAL archiving, the gates' metric contract, the gates'
 * plumbing), judged on answers made by hand.
 */
class PrometheusLinesTest {

  @TempDir Path dir;

  private LineContext context() {
    return LineContexts.at(dir, Map.of("cutover.preflight.max_restore_point_lag", "10m"));
  }

  private static WalArchiving.Status wal(Instant at, Double ageSeconds, Double failures) {
    return new WalArchiving.Status(
        at,
        Optional.ofNullable(ageSeconds),
        Optional.ofNullable(failures),
        Duration.ofMinutes(10),
        "time() - pg_stat_archiver_last_archive_age",
        "increase(pg_stat_archiver_failed_count[10m])");
  }

  @Test
  void aRecentArchivedSegmentIsTheRestorePointReadAtTheContextsTimeAndRecorded() {
    LineContext context = context();
    List<Instant> askedAt = new ArrayList<>();

    assertThat(
            new PostgresRestorePoint(
                    (env, at) -> {
                      askedAt.add(at);
                      return wal(at, 120.0, 0.0);
                    })
                .run(context))
        .passed();
    assertThat(askedAt).containsExactly(LineContexts.NOW);
    assertThat(context.ledger().read().attestations())
        .extracting(a -> a.what())
        .singleElement()
        .asString()
        .startsWith("PostgreSQL PITR marker: 2026-12-07T09:28:00Z (last archived WAL segment");
  }

  @Test
  void aLaggingArchiveOrNoAgeFailsAndNothingIsRecorded() {
    LineContext context = context();

    assertThat(new PostgresRestorePoint((env, at) -> wal(at, 3600.0, 0.0)).run(context))
        .failedWith("PostgreSQL WAL archiving: ");
    assertThat(new PostgresRestorePoint((env, at) -> wal(at, null, null)).run(context))
        .failedWith("no WAL archive age");
    assertThat(context.ledger().read().attestations()).isEmpty();
  }

  private static MetricContract.Proof proof(List<MetricContract.Finding> findings) {
    return new MetricContract.Proof(
        LineContexts.NOW.minusSeconds(300), LineContexts.NOW, 11, 9, findings, true);
  }

  @Test
  void gateQueriesThatReadProductionsSeriesPass() {
    List<Instant> askedAt = new ArrayList<>();

    assertThat(
            new GateQueriesReadSeries(
                    (env, at) -> {
                      askedAt.add(at);
                      return proof(List.of());
                    })
                .run(context()))
        .passed();
    assertThat(askedAt).containsExactly(LineContexts.NOW);
  }

  @Test
  void aGateMatchingALabelProductionDoesNotHaveFailsNamingGateScopeAndLabel() {
    MetricContract.Finding finding =
        new MetricContract.Finding(
            "error_ratio_5xx",
            Scope.CANARY,
            List.of("http_requests_total has no label code"),
            List.of(new Evidence("labels", "http_requests_total", "[status]")));

    assertThat(new GateQueriesReadSeries((env, at) -> proof(List.of(finding))).run(context()))
        .failedWith("error_ratio_5xx", "http_requests_total has no label code");
  }

  @Test
  void everyGateWithFreshDataOnStablePassesAndAskedWithTheRecordedBaselines() {
    List<String> asked = new ArrayList<>();
    GateReadings readings =
        (context, scope, names, baselines) -> {
          asked.add(scope + " " + names.size() + " " + baselines.beingTaken());
          return names.stream().map(g -> evaluation(g, Outcome.PASS, 0.1, "<= 1")).toList();
        };
    LineContext context = context();

    assertThat(new GatesHaveFreshData(readings).run(context)).passed();
    assertThat(asked)
        .containsExactly(Scope.STABLE + " " + context.environment().gates().size() + " false");
  }

  @Test
  void aGateThatCannotJudgeTheStableTrackFailsNamingIt() {
    GateReadings readings =
        (context, scope, names, baselines) ->
            names.stream()
                .map(
                    g ->
                        g.equals("kafka_lag")
                            ? evaluation(g, Outcome.STALE, null, "< 1000")
                            : evaluation(g, Outcome.BREACH, 5.0, "<= 1"))
                .toList();

    assertThat(new GatesHaveFreshData(readings).run(context()))
        .failedWith("kafka_lag cannot judge the stable track", "STALE");
  }
}
