package io.intelgraph.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.testing.StubServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The exit stops the JDK HTTP client's selector thread, the one thread JDK 17's exit would wait 300
 * ms for.
 */
class QuickExitTest {

  private static boolean selectorThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(
            t ->
                t.isAlive()
                    && t.getName().startsWith("HttpClient-")
                    && t.getName().endsWith("-SelectorManager"));
  }

  @Test
  void aUsedHttpClientsSelectorThreadEndsWhenStopped() throws Exception {
    StubServer server = StubServer.start().route("/", request -> StubServer.Response.of(204));
    try {
      HttpClient client = HttpClients.newClient(Duration.ofSeconds(5), HttpClient.Redirect.NEVER);
      int status =
          client
              .send(
                  HttpClients.request(server.uri("/"), Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      assertThat(status).isEqualTo(204);
      assertThat(selectorThreadAlive())
          .as("the JDK's selector thread runs under the name this exit looks for")
          .isTrue();

      QuickExit.stopHttpSelectorThreads();

      await("HTTP client selector threads ended")
          .atMost(Duration.ofSeconds(5))
          .until(() -> !selectorThreadAlive());
    } finally {
      server.close();
    }
  }
}
