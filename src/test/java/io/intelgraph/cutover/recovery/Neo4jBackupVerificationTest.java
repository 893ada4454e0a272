package io.intelgraph.cutover.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.intelgraph.cutover.config.Neo4jBackup;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import io.intelgraph.cutover.sandbox.cluster.KubernetesSandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Neo4j backup Job's recorded result, on fabric8's CRUD mock seeded with the sandbox's
 * completed backup Job.
 */
class Neo4jBackupVerificationTest {

  private static final String NS = ClusterNames.NAMESPACE;
  private static final Neo4jBackup SPEC =
      new Neo4jBackup(
          "job",
          "app.kubernetes.io/name=neo4j-backup",
          "backup.intelgraph.ai/size-bytes",
          "backup.intelgraph.ai/integrity",
          "passed",
          Optional.empty(),
          Optional.empty(),
          1,
          Duration.ofHours(24));
  private KubernetesSandbox cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = KubernetesSandbox.withoutOidc();
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aCompletedJobWithSizeAndPassedIntegrityPasses() {
    Neo4jBackupVerification.Result result =
        new Neo4jBackupVerification(SPEC, Clock.systemUTC()).fromJob(client, NS);
    assertThat(result.sizeBytes()).isEqualTo(734003200L);
    assertThat(result.describe()).contains("size 734003200 bytes (700.0 MiB), integrity 'passed'");
  }

  @Test
  void theNewestJobFailedIsAFailure() {
    newerJob(Map.of(), "Failed");
    assertThatThrownBy(
            () -> new Neo4jBackupVerification(SPEC, Clock.systemUTC()).fromJob(client, NS))
        .isInstanceOf(RecoveryException.class)
        .hasMessageContaining(
            "Neo4j backup: the newest backup Job %s/neo4j-backup-newer FAILED".formatted(NS));
  }

  @Test
  void aJobWithoutSizeIsAFailure() {
    newerJob(Map.of("backup.intelgraph.ai/integrity", "passed"), "Complete");
    assertThatThrownBy(
            () -> new Neo4jBackupVerification(SPEC, Clock.systemUTC()).fromJob(client, NS))
        .isInstanceOf(RecoveryException.class)
        .hasMessageContaining(
            "has no size: annotation backup.intelgraph.ai/size-bytes (neo4j_backup.size_annotation) is missing");
  }

  @Test
  void integrityNotPassedIsAFailure() {
    newerJob(
        Map.of(
            "backup.intelgraph.ai/integrity",
            "inconsistent",
            "backup.intelgraph.ai/size-bytes",
            "1024"),
        "Complete");
    assertThatThrownBy(
            () -> new Neo4jBackupVerification(SPEC, Clock.systemUTC()).fromJob(client, NS))
        .isInstanceOf(RecoveryException.class)
        .hasMessageContaining("integrity 'inconsistent'")
        .hasMessageContaining("the integrity check did not pass");
  }

  @Test
  void noBackupJobIsAFailure() {
    Neo4jBackup other =
        new Neo4jBackup(
            "job",
            "app.kubernetes.io/name=graph-backup",
            SPEC.sizeAnnotation(),
            SPEC.integrityAnnotation(),
            "passed",
            Optional.empty(),
            Optional.empty(),
            1,
            Duration.ofHours(24));
    assertThatThrownBy(
            () -> new Neo4jBackupVerification(other, Clock.systemUTC()).fromJob(client, NS))
        .isInstanceOf(RecoveryException.class)
        .hasMessage(
            "Neo4j backup: no backup Job in namespace %s matches neo4j_backup.job_selector 'app.kubernetes.io/name=graph-backup'; no backup was recorded (fix the selector, or run the backup)"
                .formatted(NS));
  }

  private void newerJob(Map<String, String> annotations, String condition) {
    Instant now = Instant.now();
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("neo4j-backup-newer")
            .withNamespace(NS)
            .addToLabels("app.kubernetes.io/name", "neo4j-backup")
            .addToAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("backup")
            .withImage("neo4j")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withStartTime(now.toString())
            .withCompletionTime("Complete".equals(condition) ? now.toString() : null)
            .withFailed("Failed".equals(condition) ? 1 : null)
            .withSucceeded("Complete".equals(condition) ? 1 : null)
            .addNewCondition()
            .withType(condition)
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    var created = client.batch().v1().jobs().inNamespace(NS).resource(job).create();
    created.setStatus(job.getStatus());
    client.batch().v1().jobs().inNamespace(NS).resource(created).updateStatus();
  }
}
