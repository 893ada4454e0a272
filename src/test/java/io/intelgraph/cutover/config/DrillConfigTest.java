package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillConfigTest {

  private static Environment sandbox(Map<String, String> properties) {
    return new EnvironmentLoader(properties, Map.of(), Path.of("target/no-such-dir"))
        .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
        .load();
  }

  @Test
  void chaosIsOffByDefaultAndOnInTheSandbox() {
    assertThat(TestEnvironments.prodExample(Map.of()).chaos().enabled()).isFalse();
    Chaos sandbox = sandbox(Map.of()).chaos();
    assertThat(sandbox.enabled()).isTrue();
    assertThat(sandbox.networkChaos()).contains("api-neo4j-partition");
    assertThat(sandbox.networkPartition())
        .as("the sandbox's partition line creates and deletes its NetworkChaos")
        .isEqualTo(new Chaos.Partition(true, Map.of("app", "neo4j"), "to", Duration.ofMinutes(1)));
    assertThat(TestEnvironments.prodExample(Map.of()).chaos().networkPartition().create())
        .as("creating a partition is opt-in")
        .isFalse();
    assertThat(sandbox.podRecoveryTarget()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void chaosCanBeTurnedOffForOneRun() {
    assertThat(sandbox(Map.of("cutover.chaos.enabled", "false")).chaos().enabled()).isFalse();
  }

  @Test
  void aBackoffAsLongAsTheBoundNamesTheFix() {
    assertThatThrownBy(() -> sandbox(Map.of("cutover.chaos.eviction_backoff", "30s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("eviction_backoff (PT30S) must be shorter than timeout (PT30S)");
  }

  @Test
  void anUnknownRestoreFormatNamesTheChoices() {
    assertThatThrownBy(() -> sandbox(Map.of("cutover.restore_drill.format", "barman")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("format must be pg_dump or basebackup, got 'barman'");
  }

  @Test
  void aBaseBackupDrillNeedsTheWalArchive() {
    assertThatThrownBy(() -> sandbox(Map.of("cutover.restore_drill.format", "basebackup")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("format basebackup needs wal_archive");
  }

  @Test
  void neo4jFromPrometheusNeedsBothQueries() {
    assertThatThrownBy(
            () ->
                sandbox(
                    Map.of(
                        "cutover.neo4j_backup.source",
                        "promql",
                        "cutover.neo4j_backup.size_query",
                        "neo4j_backup_size_bytes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source promql needs size_query and integrity_query");
  }

  @Test
  void neo4jDefaultsReadTheBackupJob() {
    Neo4jBackup neo4j = TestEnvironments.prodExample(Map.of()).neo4jBackup();
    assertThat(neo4j.source()).isEqualTo("job");
    assertThat(neo4j.jobSelector()).isEqualTo("app.kubernetes.io/name=neo4j-backup");
    assertThat(neo4j.maxAge()).isEqualTo(Duration.ofHours(24));
  }
}
