package io.intelgraph.cutover.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading the backup markers: every field the runbook records is required and typed. */
class BackupCatalogTest {

  private static final URI NEO4J = URI.create("http://backups/backups/neo4j/latest");
  private static final URI PG = URI.create("http://backups/backups/postgres/restore-point");

  @Test
  void readsTheNeo4jBackupAndItsAge() {
    BackupCatalog.Neo4jBackup backup = BackupCatalog.neo4j(NEO4J, JsonGet.parse("t", NEO4J,
        "{\"id\":\"neo4j-full-20250921T010000Z\",\"status\":\"COMPLETED\",\"completedAt\":\"2025-09-21T01:00:00Z\"}"));

    assertThat(backup.id()).isEqualTo("neo4j-full-20250921T010000Z");
    assertThat(backup.isCompleted()).isTrue();
    assertThat(backup.age(Instant.parse("2025-09-21T14:45:00Z"))).isEqualTo(Duration.ofMinutes(13 * 60 + 45));
  }

  @Test
  void readsThePostgresRestorePointAndItsLag() {
    BackupCatalog.RestorePoint point = BackupCatalog.postgres(PG, JsonGet.parse("t", PG,
        "{\"id\":\"pitr-1\",\"restorePoint\":\"2025-09-21T14:44:30Z\",\"lsn\":\"0/16B3748\"}"));

    assertThat(point.lag(Instant.parse("2025-09-21T14:45:00Z"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(point.lsn()).isEqualTo("0/16B3748");
  }

  @Test
  void aMissingIdOrABadTimeFailsWithTheAnswer() {
    assertThatThrownBy(() -> BackupCatalog.neo4j(NEO4J, JsonGet.parse("t", NEO4J, "{\"status\":\"COMPLETED\"}")))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("has no 'id'");
    assertThatThrownBy(() -> BackupCatalog.postgres(PG, JsonGet.parse("t", PG,
        "{\"id\":\"pitr-1\",\"restorePoint\":\"yesterday\",\"lsn\":\"0/1\"}")))
        .hasMessageContaining("'restorePoint' is 'yesterday', not an ISO-8601 instant");
  }
}
