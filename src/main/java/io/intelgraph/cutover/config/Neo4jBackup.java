package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the day-3 closeout reads the newest Neo4j backup's size and integrity from: the backup
 * Job's recorded result ({@code source: job}) or Prometheus ({@code source: promql}).
 *
 * @param source {@code job} or {@code promql}
 * @param jobSelector label selector of the backup's {@code batch/v1} Jobs in {@code
 *     cluster.namespace}; the newest is judged
 * @param sizeAnnotation the Job annotation holding the backup's size in bytes
 * @param integrityAnnotation the Job annotation holding the integrity check's result (e.g. of
 *     {@code neo4j-admin database check})
 * @param integrityPassed the value of {@code integrity_annotation} that means the check passed
 * @param sizeQuery PromQL returning the newest backup's size in bytes ({@code source: promql})
 * @param integrityQuery PromQL returning 1 when the newest backup's integrity check passed ({@code
 *     source: promql})
 * @param minSizeBytes a backup smaller than this fails (an empty or truncated backup)
 * @param maxAge a backup Job that completed longer ago than this fails
 */
public record Neo4jBackup(
    String source,
    String jobSelector,
    String sizeAnnotation,
    String integrityAnnotation,
    String integrityPassed,
    Optional<String> sizeQuery,
    Optional<String> integrityQuery,
    long minSizeBytes,
    Duration maxAge) {

  public Neo4jBackup {
    if (!source.equals("job") && !source.equals("promql")) {
      throw new IllegalArgumentException(
          "source must be job or promql, got '%s'".formatted(source));
    }
    if (source.equals("promql") && (sizeQuery.isEmpty() || integrityQuery.isEmpty())) {
      throw new IllegalArgumentException("source promql needs size_query and integrity_query");
    }
    if (minSizeBytes < 1)
      throw new IllegalArgumentException("min_size_bytes must be at least 1, got " + minSizeBytes);
    Chaos.requirePositive("max_age", maxAge);
  }
}
