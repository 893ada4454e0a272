package io.intelgraph.cutover.config;

import java.util.Optional;

/**
 * Where the T-15 backup lines read their facts, from the systems that hold them: PostgreSQL's WAL
 * archiving from postgres_exporter's {@code pg_stat_archiver} metrics through Prometheus, and the
 * newest successful backup from the backup Jobs' status ({@code batch/v1}) or from Velero {@code
 * Backup} objects ({@code velero.io/v1}).
 *
 * @param source where the newest backup is read: {@code job} (Jobs, e.g. of a backup CronJob,
 *     selected by {@code job_selector}) or {@code velero}
 * @param jobSelector label selector of the backup Jobs, e.g. {@code
 *     app.kubernetes.io/name=neo4j-backup}
 * @param jobNamespace the Jobs' namespace; absent = {@code cluster.namespace}
 * @param veleroNamespace the namespace Velero keeps its Backup objects in
 * @param veleroSelector label selector of the Velero Backups that count, e.g. {@code
 *     velero.io/schedule-name=neo4j-daily}; absent = all
 * @param walArchiveAgeQuery PromQL: seconds since the last WAL segment was archived (one series, or
 *     the worst of them)
 * @param walFailuresQuery PromQL: failed archive attempts within {@code {{window}}} (filled in with
 *     {@code preflight.max_restore_point_lag}); above 0 means WAL archiving is failing
 */
public record Backups(
    Source source,
    String jobSelector,
    Optional<String> jobNamespace,
    String veleroNamespace,
    Optional<String> veleroSelector,
    String walArchiveAgeQuery,
    String walFailuresQuery) {

  /** Which system records the newest backup. */
  public enum Source {
    JOB,
    VELERO
  }

  public Backups {
    requireSelector("job_selector", jobSelector);
    veleroSelector.ifPresent(s -> requireSelector("velero_selector", s));
    if (walArchiveAgeQuery.isBlank()) {
      throw new IllegalArgumentException(
          "wal_archive_age_query is empty; e.g. max(pg_stat_archiver_last_archive_age)");
    }
    if (!walFailuresQuery.contains("{{window}}")) {
      throw new IllegalArgumentException(
          "wal_failures_query '%s' has no {{window}}; e.g. sum(increase(pg_stat_archiver_failed_count[{{window}}]))"
              .formatted(walFailuresQuery));
    }
  }

  private static void requireSelector(String key, String selector) {
    // kubectl's equality-based selector: key=value[,key=value]
    if (!selector.matches(
        "[A-Za-z0-9./_-]+!?==?[A-Za-z0-9._-]*(,[A-Za-z0-9./_-]+!?==?[A-Za-z0-9._-]*)*")) {
      throw new IllegalArgumentException(
          "%s '%s' is not a label selector such as app.kubernetes.io/name=neo4j-backup"
              .formatted(key, selector));
    }
  }
}
