package io.intelgraph.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.intelgraph.cutover.config.Backups;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each test has its own CRUD mock server. */
@EnableKubernetesMockClient(crud = true)
class LatestBackupTest {

  private static final String NS = "intelgraph-maestro";
  KubernetesClient client;

  @Test
  void newestSucceededJobIsTheBackup() {
    job("neo4j-backup-1", 1, 0, "2026-11-26T01:06:00Z");
    job("neo4j-backup-2", 1, 0, "2026-11-27T01:06:00Z");
    job("neo4j-backup-3", 0, 1, null);

    LatestBackup.Backup backup =
        new LatestBackup(client, NS, backups(Backups.Source.JOB, Optional.empty()))
            .newestSuccessful();

    assertThat(backup)
        .isEqualTo(
            new LatestBackup.Backup(
                "neo4j-backup-2",
                Instant.parse("2026-11-27T01:06:00Z"),
                "Job intelgraph-maestro/neo4j-backup-2"));
  }

  @Test
  void noSuccessfulBackupJobFailsNamingWhatWasFound() {
    job("neo4j-backup-3", 0, 2, null);

    assertThatThrownBy(
            () ->
                new LatestBackup(client, NS, backups(Backups.Source.JOB, Optional.empty()))
                    .newestSuccessful())
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "no successful backup: none of the 1 Jobs app.kubernetes.io/name=neo4j-backup in intelgraph-maestro (backups.job_selector)"
                + " has status.succeeded >= 1 with a completionTime; found [neo4j-backup-3 (active 0, succeeded 0, failed 2)]");
  }

  @Test
  void jobsOfOtherLabelsDoNotCount() {
    Job other =
        new JobBuilder()
            .withNewMetadata()
            .withName("db-migrate")
            .withNamespace(NS)
            .addToLabels("app.kubernetes.io/name", "migrate")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    client.batch().v1().jobs().inNamespace(NS).resource(other).create();

    assertThatThrownBy(
            () ->
                new LatestBackup(client, NS, backups(Backups.Source.JOB, Optional.empty()))
                    .newestSuccessful())
        .hasMessageContaining("none of the 0 Jobs app.kubernetes.io/name=neo4j-backup");
  }

  @Test
  void veleroReadsTheNewestCompletedBackup() {
    velero("daily-1", "Completed", "2026-11-27T01:10:00Z");
    velero("daily-2", "PartiallyFailed", "2026-11-28T01:10:00Z");

    LatestBackup.Backup backup =
        new LatestBackup(client, NS, backups(Backups.Source.VELERO, Optional.empty()))
            .newestSuccessful();

    assertThat(backup.id()).isEqualTo("daily-1");
    assertThat(backup.source()).isEqualTo("Velero Backup velero/daily-1");
  }

  @Test
  void veleroWithoutCompletedBackupFails() {
    velero("daily-2", "PartiallyFailed", "2026-11-28T01:10:00Z");

    assertThatThrownBy(
            () ->
                new LatestBackup(client, NS, backups(Backups.Source.VELERO, Optional.empty()))
                    .newestSuccessful())
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "no successful backup: none of the 1 Velero Backups in velero (backups.velero_namespace) has status.phase Completed"
                + " with a completionTimestamp; found [daily-2 phase PartiallyFailed]");
  }

  private static Backups backups(Backups.Source source, Optional<String> veleroSelector) {
    return new Backups(
        source,
        "app.kubernetes.io/name=neo4j-backup",
        Optional.empty(),
        "velero",
        veleroSelector,
        "max(pg_stat_archiver_last_archive_age)",
        "sum(increase(pg_stat_archiver_failed_count[{{window}}]))");
  }

  private void job(String name, int succeeded, int failed, String completionTime) {
    Job created =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(NS)
                    .addToLabels("app.kubernetes.io/name", "neo4j-backup")
                    .endMetadata()
                    .withNewSpec()
                    .endSpec()
                    .build())
            .create();
    created.setStatus(
        new JobStatusBuilder()
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withCompletionTime(completionTime)
            .build());
    client.batch().v1().jobs().inNamespace(NS).resource(created).updateStatus();
  }

  private void velero(String name, String phase, String completed) {
    GenericKubernetesResource backup =
        client
            .genericKubernetesResources(LatestBackup.VELERO_BACKUPS)
            .inNamespace("velero")
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("velero.io/v1")
                    .withKind("Backup")
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace("velero")
                    .endMetadata()
                    .addToAdditionalProperties(
                        "status", Map.of("phase", phase, "completionTimestamp", completed))
                    .build())
            .create();
    assertThat(backup.getMetadata().getName()).isEqualTo(name);
  }
}
