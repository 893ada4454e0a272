package io.intelgraph.cutover.runbook.preflight;

import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.preflight.WalArchiving;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.runbook.LineContext;
import io.intelgraph.cutover.runbook.LineReport;
import io.intelgraph.cutover.runbook.Reading;
import io.intelgraph.cutover.runbook.RunbookLine;
import java.time.Instant;
import java.util.Optional;

/**
 * T-15 "PostgreSQL PITR marker: recorded (Time)": the restore point PITR can reach is the last
 * archived WAL segment. Its age from postgres_exporter ({@code backups.wal_archive_age_query}) is
 * within {@code preflight.max_restore_point_lag} and no archive attempt failed within that window
 * ({@code backups.wal_failures_query}); the restore point is recorded in the ledger.
 *
 * <pre>{@code
 * assertThat(PostgresRestorePoint.fromPrometheus().run(context)).passed();
 * }</pre>
 */
public final class PostgresRestorePoint implements RunbookLine {

  /** Reads WAL archiving at a time; the environment's Prometheus in a run. */
  @FunctionalInterface
  interface WalReader {
    WalArchiving.Status read(Environment env, Instant at);
  }

  private final WalReader wal;

  PostgresRestorePoint(WalReader wal) {
    this.wal = wal;
  }

  /** The line as a run reads it: postgres_exporter's series in the environment's Prometheus. */
  public static PostgresRestorePoint fromPrometheus() {
    return new PostgresRestorePoint(
        (env, at) ->
            new WalArchiving(PromQlClient.forEnvironment(env), env.backups())
                .read(at, env.preflight().maxRestorePointLag()));
  }

  @Override
  public LineReport run(LineContext context) {
    Environment env = context.environment();
    LineReport.Builder report = context.report();
    Optional<WalArchiving.Status> read =
        Reading.of(
            report,
            "PostgreSQL WAL archiving from Prometheus " + env.endpoints().prometheus(),
            () -> wal.read(env, context.now()));
    if (read.isEmpty()) return report.judged();
    WalArchiving.Status status = read.get();
    report.evidence("PostgreSQL WAL archiving", status.describe());
    status.problems().forEach(p -> report.problem("PostgreSQL WAL archiving: %s", p));
    return context.recordIfPassed(
        report.judged(),
        "Prometheus " + env.endpoints().prometheus(),
        () ->
            "PostgreSQL PITR marker: %s (last archived WAL segment, %s)"
                .formatted(status.restorePoint().orElseThrow(), status.ageQuery()));
  }
}
