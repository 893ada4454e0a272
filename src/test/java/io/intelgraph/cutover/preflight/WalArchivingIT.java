package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.config.Backups;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.sandbox.postgres.PostgresSandbox;
import io.intelgraph.cutover.sandbox.prometheus.PrometheusServer;
import io.intelgraph.cutover.sandbox.prometheus.ScrapeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PITR line's reading against a real PostgreSQL 15 with archiving, the real postgres_exporter
 * and the real Prometheus.
 */
class WalArchivingIT {

  private static final Backups DEFAULTS =
      new Backups(
          Backups.Source.JOB,
          "app.kubernetes.io/name=neo4j-backup",
          Optional.empty(),
          "velero",
          Optional.empty(),
          "max(pg_stat_archiver_last_archive_age)",
          "sum(increase(pg_stat_archiver_failed_count[{{window}}]))");

  private PostgresSandbox postgres;
  private PrometheusServer prometheus;
  private PromQlClient client;

  @BeforeEach
  void start() {
    postgres = PostgresSandbox.start();
    prometheus =
        PrometheusServer.builder()
            .scrapeInterval(Duration.ofSeconds(1))
            .scrape(new ScrapeTarget("postgres", postgres.exporterMetrics()))
            .start();
    client = new PromQlClient(prometheus.baseUrl(), Duration.ofSeconds(5));
    await("first archived WAL segment scraped by " + prometheus.baseUrl())
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                prometheus.query("pg_stat_archiver_archived_count >= 1").size() == 1
                    // increase() needs two samples of the failure counter
                    && prometheus
                            .query("count_over_time(pg_stat_archiver_failed_count[1m]) >= 2")
                            .size()
                        == 1);
  }

  @AfterEach
  void stop() {
    if (prometheus != null) prometheus.close();
    if (postgres != null) postgres.close();
  }

  @Test
  void freshArchivingHasNoProblemAndGivesTheRestorePoint() {
    Instant now = Instant.now();
    WalArchiving.Status status =
        new WalArchiving(client, DEFAULTS).read(now, Duration.ofMinutes(15));

    assertThat(status.problems()).as(status.describe()).isEmpty();
    assertThat(status.ageSeconds()).hasValueSatisfying(age -> assertThat(age).isBetween(0.0, 60.0));
    assertThat(status.restorePoint())
        .hasValueSatisfying(point -> assertThat(point).isBefore(now).isAfter(now.minusSeconds(60)));
  }

  @Test
  void staleArchivingFailsWithTheAgeAndTheLimit() {
    await("the last archive to be older than 2 s")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                new WalArchiving(client, DEFAULTS)
                        .read(Instant.now(), Duration.ofSeconds(2))
                        .ageSeconds()
                        .orElse(0.0)
                    > 2);

    WalArchiving.Status status =
        new WalArchiving(client, DEFAULTS).read(Instant.now(), Duration.ofSeconds(2));

    assertThat(status.problems())
        .singleElement()
        .asString()
        .startsWith("WAL archiving is stale: the last segment was archived")
        .contains(
            "more than preflight.max_restore_point_lag 2 s (max(pg_stat_archiver_last_archive_age))");
  }

  @Test
  void failingArchiveCommandFailsWithTheFailureCount() {
    postgres.breakArchiving();
    await("failed archive attempts scraped")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                new WalArchiving(client, DEFAULTS)
                        .read(Instant.now(), Duration.ofMinutes(15))
                        .failures()
                        .orElse(0.0)
                    > 0);

    WalArchiving.Status status =
        new WalArchiving(client, DEFAULTS).read(Instant.now(), Duration.ofMinutes(15));

    assertThat(status.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("WAL archiving is failing: ")
                    .contains(
                        "failed archive attempts within the last 900 s (sum(increase(pg_stat_archiver_failed_count[900s])))"));
  }

  @Test
  void noExporterDataIsAProblemNeverAPass() {
    Backups elsewhere =
        new Backups(
            Backups.Source.JOB,
            "app=x",
            Optional.empty(),
            "velero",
            Optional.empty(),
            "max(pg_stat_archiver_last_archive_age{server=\"nowhere\"})",
            "sum(increase(pg_stat_archiver_failed_count{server=\"nowhere\"}[{{window}}]))");

    WalArchiving.Status status =
        new WalArchiving(client, elsewhere).read(Instant.now(), Duration.ofMinutes(15));

    assertThat(status.problems())
        .hasSize(2)
        .first()
        .asString()
        .startsWith(
            "no WAL archive age: 'max(pg_stat_archiver_last_archive_age{server=\"nowhere\"})' returned no finite value");
  }
}
