package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldensCommandTest {

  @TempDir Path directory;

  @Test
  void anUnknownGoldenIsAUsageErrorThatListsTheNames() throws IOException {
    Path config =
        Files.writeString(
            directory.resolve("e.yaml"),
            "endpoints: {api: http://127.0.0.1:9, oidc_issuer: http://127.0.0.1:9/r}\n");

    CommandRun result =
        CommandRun.of(
            "goldens", "--config", config.toString(), "--only", "entity_write,graph_4hop");

    assertThat(result.exit()).isEqualTo(CutoverCommand.USAGE);
    assertThat(result.err())
        .contains(
            "'graph_4hop' is not a golden; use oidc_login, entity_write, graph_3hop, subscription or security");
  }

  @Test
  void aFileWithoutTheApiIsAConfigurationErrorNamingTheKey() throws IOException {
    Path config =
        Files.writeString(
            directory.resolve("e.yaml"), "endpoints: {oidc_issuer: http://127.0.0.1:9/r}\n");

    CommandRun result = CommandRun.of("goldens", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(CutoverCommand.USAGE);
    assertThat(result.err())
        .contains("`endpoints.api` is missing")
        .doesNotContain("release.tag")
        .doesNotContain("cluster");
  }

  @Test
  void anUnreachableApiFailsTheGoldensWithExitTwoAndSaysWhere() throws IOException {
    Path config =
        Files.writeString(
            directory.resolve("e.yaml"),
            "endpoints: {api: http://127.0.0.1:9, oidc_issuer: http://127.0.0.1:9/realms/r}\ngoldens: {samples: 1, call_timeout: 1s}\n");

    CommandRun result =
        CommandRun.of(
            "goldens", "--config", config.toString(), "--only", "entity_write", "--format", "json");

    assertThat(result.exit()).as(result.err()).isEqualTo(2);
    assertThat(result.out())
        .contains("\"golden\" : \"entity_write\"")
        .contains("\"passed\" : false")
        .contains("http://127.0.0.1:9/realms/r/.well-known/openid-configuration");
  }
}
