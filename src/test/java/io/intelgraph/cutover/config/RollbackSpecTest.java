package io.intelgraph.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackSpecTest {

  @Test
  void sandboxRollsBackForRealWithoutScriptOrWebhook() {
    RollbackSpec rollback =
        new EnvironmentLoader(Map.of(), Map.of(), Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load()
            .rollback();

    assertThat(rollback.dryRun()).isFalse();
    assertThat(rollback.script()).isEmpty();
    assertThat(rollback.webhook()).isEmpty();
    assertThat(rollback.scriptTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(rollback.verifyTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void dryRunAndScriptComeFromProperties() {
    RollbackSpec rollback =
        new EnvironmentLoader(
                Map.of(
                    "cutover.rollback.dry_run",
                    "true",
                    "cutover.rollback.script",
                    "./rollback.sh full",
                    "cutover.attempt",
                    "new"),
                Map.of(),
                Path.of("target/no-such-dir"))
            .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
            .load()
            .rollback();

    assertThat(rollback.dryRun()).isTrue();
    assertThat(rollback.script()).contains("./rollback.sh full");
  }

  @Test
  void aTokenWithoutAWebhookNamesTheFix() {
    assertThatThrownBy(
            () ->
                new EnvironmentLoader(
                        Map.of("cutover.rollback.webhook_token.env", "TOKEN"),
                        Map.of("TOKEN", "t0k"),
                        Path.of("target/no-such-dir"))
                    .withOverrides(TestEnvironments.SANDBOX_ENDPOINTS)
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "`rollback`: rollback webhook_token is set but webhook is not; add `webhook: URL` or remove the token");
  }
}
