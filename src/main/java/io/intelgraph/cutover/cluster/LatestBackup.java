package io.intelgraph.cutover.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.config.Backups;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The newest successful backup, from the system that ran it ({@code backups.source}):
 *
 * <ul>
 *   <li>{@code job}: Jobs ({@code batch/v1}, e.g. created by a backup CronJob) matching {@code
 *       backups.job_selector}; successful = {@code status.succeeded >= 1}, finished at {@code
 *       status.completionTime}
 *       (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/#JobStatus);
 *   <li>{@code velero}: Velero {@code Backup} objects ({@code velero.io/v1}) in {@code
 *       backups.velero_namespace}; successful = {@code status.phase: Completed}, finished at {@code
 *       status.completionTimestamp} (https://velero.io/docs/main/api-types/backup/).
 * </ul>
 *
 * No successful backup at all is an error naming what was found, never a pass.
 *
 * <pre>{@code
 * LatestBackup.Backup newest = new LatestBackup(kubernetes, env.cluster().namespace(), env.backups()).newestSuccessful();
 * }</pre>
 */
public final class LatestBackup {

  /** Velero's Backup resource. */
  public static final ResourceDefinitionContext VELERO_BACKUPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("velero.io")
          .withVersion("v1")
          .withKind("Backup")
          .withPlural("backups")
          .withNamespaced(true)
          .build();

  /**
   * One successful backup: its id (Job or Backup name), when it completed, and where it was read.
   */
  public record Backup(String id, Instant completedAt, String source) {
    public Duration age(Instant now) {
      return Duration.between(completedAt, now);
    }
  }

  private final KubernetesClient kubernetes;
  private final String defaultNamespace;
  private final Backups backups;

  public LatestBackup(KubernetesClient kubernetes, String defaultNamespace, Backups backups) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.defaultNamespace = Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    this.backups = Objects.requireNonNull(backups, "backups");
  }

  public Backup newestSuccessful() {
    return backups.source() == Backups.Source.VELERO ? velero() : job();
  }

  private Backup job() {
    String namespace = backups.jobNamespace().orElse(defaultNamespace);
    String where =
        "Jobs %s in %s (backups.job_selector)".formatted(backups.jobSelector(), namespace);
    List<Job> jobs =
        read(
            where,
            () ->
                kubernetes
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withLabelSelector(backups.jobSelector())
                    .list()
                    .getItems());
    List<Job> succeeded =
        jobs.stream()
            .filter(
                j ->
                    j.getStatus() != null
                        && j.getStatus().getSucceeded() != null
                        && j.getStatus().getSucceeded() >= 1
                        && j.getStatus().getCompletionTime() != null)
            .toList();
    if (succeeded.isEmpty()) {
      throw new ClusterException(
          "no successful backup: none of the %d %s has status.succeeded >= 1 with a completionTime; found %s"
              .formatted(jobs.size(), where, jobs.stream().map(LatestBackup::describe).toList()));
    }
    return succeeded.stream()
        .map(
            j ->
                new Backup(
                    j.getMetadata().getName(),
                    instant(where, j.getMetadata().getName(), j.getStatus().getCompletionTime()),
                    "Job %s/%s".formatted(namespace, j.getMetadata().getName())))
        .max(Comparator.comparing(Backup::completedAt))
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private Backup velero() {
    String namespace = backups.veleroNamespace();
    String where =
        "Velero Backups%s in %s (backups.velero_namespace)"
            .formatted(backups.veleroSelector().map(s -> " " + s).orElse(""), namespace);
    List<GenericKubernetesResource> all =
        read(
            where,
            () -> {
              var listing =
                  kubernetes.genericKubernetesResources(VELERO_BACKUPS).inNamespace(namespace);
              return (backups.veleroSelector().isPresent()
                      ? listing.withLabelSelector(backups.veleroSelector().get())
                      : listing)
                  .list()
                  .getItems();
            });
    List<GenericKubernetesResource> completed =
        all.stream()
            .filter(
                b ->
                    "Completed".equals(status(b).get("phase"))
                        && status(b).get("completionTimestamp") != null)
            .toList();
    if (completed.isEmpty()) {
      throw new ClusterException(
          "no successful backup: none of the %d %s has status.phase Completed with a completionTimestamp; found %s"
              .formatted(
                  all.size(),
                  where,
                  all.stream()
                      .map(
                          b ->
                              b.getMetadata().getName()
                                  + " phase "
                                  + status(b).getOrDefault("phase", "none"))
                      .toList()));
    }
    return completed.stream()
        .map(
            b ->
                new Backup(
                    b.getMetadata().getName(),
                    instant(
                        where,
                        b.getMetadata().getName(),
                        String.valueOf(status(b).get("completionTimestamp"))),
                    "Velero Backup %s/%s".formatted(namespace, b.getMetadata().getName())))
        .max(Comparator.comparing(Backup::completedAt))
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource resource) {
    Object status = resource.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String describe(Job job) {
    var s = job.getStatus();
    return s == null
        ? job.getMetadata().getName() + " (no status)"
        : "%s (active %s, succeeded %s, failed %s)"
            .formatted(
                job.getMetadata().getName(),
                orZero(s.getActive()),
                orZero(s.getSucceeded()),
                orZero(s.getFailed()));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static Instant instant(String where, String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ClusterException(
          "%s: %s completed at '%s', not an RFC 3339 time such as 2025-09-21T01:00:00Z"
              .formatted(where, name, value),
          e);
    }
  }

  private static <T> T read(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new ClusterException("cannot list %s: %s".formatted(what, e.getMessage()), e);
    }
  }
}
