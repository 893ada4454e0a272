package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gates} without a Prometheus that answers: never exit 0, and the output says why. */
class GatesCommandTest {

  @TempDir Path directory;

  @Test
  void aRefusedPrometheusIsAnErrorOnEveryGateAndNeverExitsZero() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config =
        Files.writeString(
            directory.resolve("e.yaml"),
            "endpoints: {prometheus: 'http://127.0.0.1:%d'}\n".formatted(port));

    CommandRun result = CommandRun.of("gates", "--config", config.toString());

    assertThat(result.exit())
        .as(result.err() + result.out())
        .isEqualTo(1); // one inconclusive check: YELLOW, RED on the second
    assertThat(result.out().lines().filter(l -> l.matches("^[a-z0-9_]+ +ERROR +YELLOW .*")))
        .hasSize(11)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "connection refused (nothing listens on 127.0.0.1:%d)".formatted(port)));
    assertThat(result.out()).doesNotContain(" PASS ");
  }

  @Test
  void aShadowGateIsShownMarkedAndNamedAsNotJudgingTheRelease() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config =
        Files.writeString(
            directory.resolve("e.yaml"),
            "endpoints: {prometheus: 'http://127.0.0.1:%d'}\ngates: {api_p95: {shadow: true}}\n"
                .formatted(port));

    CommandRun table = CommandRun.of("gates", "--config", config.toString());
    CommandRun json = CommandRun.of("gates", "--config", config.toString(), "--format", "json");

    assertThat(table.out().lines().filter(l -> l.startsWith("api_p95 ")))
        .singleElement()
        .asString()
        .matches("^api_p95 +ERROR +YELLOW .*")
        .contains("[shadow: not judging the release] ");
    assertThat(table.out())
        .contains("; shadow, not judging the release: api_p95 would be YELLOW (first failure");
    assertThat(json.out())
        .containsPattern("\"gate\" : \"api_p95\"[^}]*\"critical\" : false,\\s*\"shadow\" : true")
        .containsPattern("\"gate\" : \"api_p99\"[^}]*\"shadow\" : false");
  }

  @Test
  void aSilentPrometheusIsAnErrorAfterTheConfiguredTimeoutAndSaysSo() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
      Path config =
          Files.writeString(
              directory.resolve("e.yaml"),
              "endpoints: {prometheus: 'http://127.0.0.1:%d'}\nprometheus: {query_timeout: 500ms}\n"
                  .formatted(silent.getLocalPort()));

      CommandRun result = CommandRun.of("gates", "--config", config.toString(), "--format", "json");

      assertThat(result.exit()).as(result.err() + result.out()).isEqualTo(1);
      assertThat(result.out())
          .contains(
              "no answer from Prometheus at http://127.0.0.1:%d/ within 500ms (prometheus.query_timeout)"
                  .formatted(silent.getLocalPort()))
          .doesNotContain("\"outcome\" : \"PASS\"");
    }
  }

  @Test
  void thePrometheusFlagWinsOverASystemPropertyNamingAnotherOne() throws IOException {
    int refused;
    try (ServerSocket socket = new ServerSocket(0)) {
      refused = socket.getLocalPort();
    }
    Path config =
        Files.writeString(directory.resolve("e.yaml"), "prometheus: {query_timeout: 500ms}\n");
    String previous = System.setProperty("cutover.endpoints.prometheus", "http://127.0.0.1:1/");
    try {
      CommandRun result =
          CommandRun.of(
              "gates",
              "--config",
              config.toString(),
              "--prometheus",
              "http://127.0.0.1:%d".formatted(refused));

      assertThat(result.out())
          .as(result.err())
          .contains("nothing listens on 127.0.0.1:%d".formatted(refused))
          .doesNotContain("127.0.0.1:1/");
    } finally {
      if (previous == null) System.clearProperty("cutover.endpoints.prometheus");
      else System.setProperty("cutover.endpoints.prometheus", previous);
    }
  }
}
