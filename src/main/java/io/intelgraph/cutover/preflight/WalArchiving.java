package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.config.Backups;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.prometheus.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's point-in-time recovery horizon, read from postgres_exporter's {@code
 * pg_stat_archiver} metrics through Prometheus: a restore can reach at most the last archived WAL
 * segment, so the restore point lags now by {@code pg_stat_archiver_last_archive_age} (seconds),
 * and archiving that fails ({@code pg_stat_archiver_failed_count} rising) means the horizon stops
 * moving. Both queries are configuration ({@code backups.wal_archive_age_query}, {@code
 * backups.wal_failures_query}); an empty answer or a non-finite value is a problem, never a pass.
 *
 * <p>Metrics: https://github.com/prometheus-community/postgres_exporter (the {@code
 * pg_stat_archiver} collector); the view:
 * https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW;
 * archiving: https://www.postgresql.org/docs/15/continuous-archiving.html
 *
 * <pre>{@code
 * WalArchiving.Status wal = new WalArchiving(prometheus, env.backups()).read(Instant.now(), env.preflight().maxRestorePointLag());
 * assertThat(wal.problems()).as(wal.describe()).isEmpty();
 * }</pre>
 */
public final class WalArchiving {

  /**
   * What Prometheus answered: the archive age, the failures within the window, and both queries.
   */
  public record Status(
      Instant at,
      Optional<Double> ageSeconds,
      Optional<Double> failures,
      Duration maxLag,
      String ageQuery,
      String failuresQuery) {

    /** The restore point: now minus the age of the last archived segment. */
    public Optional<Instant> restorePoint() {
      return ageSeconds.map(age -> at.minusMillis(Math.round(age * 1000)));
    }

    /**
     * One line per problem; empty means the last segment is younger than {@code maxLag} and nothing
     * failed.
     */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (ageSeconds.isEmpty()) {
        problems.add(
            "no WAL archive age: '%s' returned no finite value at %s (is postgres_exporter scraped, and has any segment been archived?)"
                .formatted(ageQuery, at));
      } else if (ageSeconds.get() > maxLag.toMillis() / 1000.0) {
        problems.add(
            "WAL archiving is stale: the last segment was archived %.0f s before %s, more than preflight.max_restore_point_lag %d s (%s)"
                .formatted(ageSeconds.get(), at, maxLag.toSeconds(), ageQuery));
      }
      if (failures.isEmpty()) {
        problems.add(
            "no WAL archive failure count: '%s' returned no finite value at %s"
                .formatted(failuresQuery, at));
      } else if (failures.get() > 0) {
        problems.add(
            "WAL archiving is failing: %.0f failed archive attempts within the last %d s (%s); see the archive_command's log"
                .formatted(failures.get(), maxLag.toSeconds(), failuresQuery));
      }
      return problems;
    }

    public String describe() {
      return "WAL archive age %s s, %s failed attempts within %d s, at %s (%s; %s)"
          .formatted(
              ageSeconds.map(a -> "%.1f".formatted(a)).orElse("none"),
              failures.map(f -> "%.0f".formatted(f)).orElse("no count"),
              maxLag.toSeconds(),
              at,
              ageQuery,
              failuresQuery);
    }
  }

  private final PromQlClient prometheus;
  private final Backups backups;

  public WalArchiving(PromQlClient prometheus, Backups backups) {
    this.prometheus = prometheus;
    this.backups = backups;
  }

  /** Evaluates both queries at {@code at}; failures are counted over {@code maxLag}. */
  public Status read(Instant at, Duration maxLag) {
    String failuresQuery =
        backups.walFailuresQuery().replace("{{window}}", maxLag.toSeconds() + "s");
    return new Status(
        at,
        value(backups.walArchiveAgeQuery(), at),
        value(failuresQuery, at),
        maxLag,
        backups.walArchiveAgeQuery(),
        failuresQuery);
  }

  private Optional<Double> value(String query, Instant at) {
    try {
      QueryResult answer = prometheus.query(query, at);
      return answer.singleSample().filter(Sample::isFinite).map(Sample::value);
    } catch (PromQlException e) {
      throw new PreflightException(
          "WAL archiving: Prometheus %s could not answer '%s': %s"
              .formatted(prometheus.base(), query, e.getMessage()),
          e);
    }
  }
}
