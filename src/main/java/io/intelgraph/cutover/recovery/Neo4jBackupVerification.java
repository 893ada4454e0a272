package io.intelgraph.cutover.recovery;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Neo4jBackup;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest Neo4j backup's size and integrity, as its backup job recorded them. Either the {@code
 * batch/v1} Job (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/):
 * the newest Job matching {@code neo4j_backup.job_selector} must be {@code Complete} (not {@code
 * Failed}, not running), and carry the size and the integrity result as annotations; or two PromQL
 * queries. A backup that is absent, failed, unsized, too small, too old or whose integrity check
 * did not pass fails.
 *
 * <pre>{@code
 * Neo4jBackupVerification.Result r = new Neo4jBackupVerification(env.neo4jBackup(), Clock.systemUTC()).fromJob(client, "intelgraph");
 * }</pre>
 */
public final class Neo4jBackupVerification {

  /** What was judged: where from, the size, the integrity result, when the backup completed. */
  public record Result(String source, long sizeBytes, String integrity, Instant completedAt) {
    public String describe() {
      return "%s: size %d bytes (%.1f MiB), integrity '%s', completed %s"
          .formatted(source, sizeBytes, sizeBytes / 1048576.0, integrity, completedAt);
    }
  }

  private final Neo4jBackup spec;
  private final Clock clock;

  public Neo4jBackupVerification(Neo4jBackup spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
  }

  public Result fromJob(KubernetesClient client, String namespace) {
    List<Job> jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabelSelector(spec.jobSelector())
            .list()
            .getItems();
    Job job =
        jobs.stream()
            .max(Comparator.comparing(Neo4jBackupVerification::started))
            .orElseThrow(
                () ->
                    new RecoveryException(
                        "Neo4j backup: no backup Job in namespace %s matches neo4j_backup.job_selector '%s'; no backup was recorded (fix the selector, or run the backup)"
                            .formatted(namespace, spec.jobSelector())));
    String where = "Job %s/%s".formatted(namespace, job.getMetadata().getName());
    if (condition(job, "Failed")
        || (job.getStatus() != null
            && job.getStatus().getFailed() != null
            && job.getStatus().getFailed() > 0
            && !condition(job, "Complete"))) {
      throw new RecoveryException(
          "Neo4j backup: the newest backup %s FAILED (status %s); the newest backup is not usable: fix and rerun the backup job"
              .formatted(where, job.getStatus()));
    }
    if (!condition(job, "Complete")) {
      throw new RecoveryException(
          "Neo4j backup: the newest backup %s has not completed (no Complete condition; status %s); judge it once it finished"
              .formatted(where, job.getStatus()));
    }
    Map<String, String> annotations =
        job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations();
    String rawSize = annotations.get(spec.sizeAnnotation());
    if (rawSize == null) {
      throw new RecoveryException(
          "Neo4j backup: %s has no size: annotation %s (neo4j_backup.size_annotation) is missing; its annotations: %s"
              .formatted(where, spec.sizeAnnotation(), annotations.keySet()));
    }
    long size;
    try {
      size = Long.parseLong(rawSize.trim());
    } catch (NumberFormatException e) {
      throw new RecoveryException(
          "Neo4j backup: %s annotation %s is '%s'; expected the size in bytes, e.g. 734003200"
              .formatted(where, spec.sizeAnnotation(), rawSize),
          e);
    }
    String integrity =
        Optional.ofNullable(annotations.get(spec.integrityAnnotation()))
            .orElseThrow(
                () ->
                    new RecoveryException(
                        "Neo4j backup: %s has no integrity result: annotation %s (neo4j_backup.integrity_annotation) is missing; its annotations: %s"
                            .formatted(where, spec.integrityAnnotation(), annotations.keySet())));
    Instant completed =
        job.getStatus().getCompletionTime() == null
            ? started(job)
            : Instant.parse(job.getStatus().getCompletionTime());
    return judge(new Result(where, size, integrity, completed));
  }

  public Result fromPrometheus(PromQlClient prometheus) {
    Instant now = clock.instant();
    double size =
        single(prometheus.query(spec.sizeQuery().orElseThrow(), now), "neo4j_backup.size_query");
    double integrity =
        single(
            prometheus.query(spec.integrityQuery().orElseThrow(), now),
            "neo4j_backup.integrity_query");
    return judge(
        new Result(
            "Prometheus at %s".formatted(now),
            (long) size,
            integrity >= 1 ? spec.integrityPassed() : "failed (" + integrity + ")",
            now));
  }

  private Result judge(Result result) {
    if (result.sizeBytes() < spec.minSizeBytes()) {
      throw new RecoveryException(
          "Neo4j backup: %s is smaller than neo4j_backup.min_size_bytes %d; an empty or truncated backup"
              .formatted(result.describe(), spec.minSizeBytes()));
    }
    if (!spec.integrityPassed().equals(result.integrity())) {
      throw new RecoveryException(
          "Neo4j backup: %s: the integrity check did not pass (expected '%s', neo4j_backup.integrity_passed)"
              .formatted(result.describe(), spec.integrityPassed()));
    }
    Duration age = Duration.between(result.completedAt(), clock.instant());
    if (age.compareTo(spec.maxAge()) > 0) {
      throw new RecoveryException(
          "Neo4j backup: %s is %s old, older than neo4j_backup.max_age %s"
              .formatted(result.describe(), age, spec.maxAge()));
    }
    return result;
  }

  private static double single(QueryResult result, String key) {
    return result
        .singleSample()
        .map(s -> s.value())
        .filter(v -> !Double.isNaN(v))
        .orElseThrow(
            () ->
                new RecoveryException(
                    "Neo4j backup: %s '%s' returned no single number (%d series); no data is not a backup"
                        .formatted(key, result.query(), result.series().size())));
  }

  private static boolean condition(Job job, String type) {
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Instant started(Job job) {
    if (job.getStatus() != null && job.getStatus().getStartTime() != null)
      return Instant.parse(job.getStatus().getStartTime());
    return job.getMetadata().getCreationTimestamp() == null
        ? Instant.EPOCH
        : Instant.parse(job.getMetadata().getCreationTimestamp());
  }
}
