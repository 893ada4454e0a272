package io.intelgraph.cutover.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.intelgraph.cutover.config.Environment;
import io.intelgraph.cutover.config.TestEnvironments;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.secrets.Redactor;
import io.intelgraph.cutover.secrets.SecretRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prepared specification against a real loopback HTTP server: what it sends, what it attaches,
 * how long it waits.
 */
class ApiRequestsTest {

  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJnb2xkZW4ifQ.c2lnbmF0dXJl";

  HttpServer server;
  final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
  final CountDownLatch never = new CountDownLatch(1);
  final List<String[]> attached = new ArrayList<>();
  final SecretRegistry secrets = new SecretRegistry();

  @BeforeEach
  void startApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/graphql",
        exchange -> {
          received.add(Map.copyOf(exchange.getRequestHeaders()));
          byte[] body =
              ("{\"data\":{\"__typename\":\"Query\"},\"echo\":\"" + TOKEN + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/silent",
        exchange -> {
          try {
            never.await(); // a silent API: the check's own timeout must end the wait
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopApi() {
    never.countDown();
    server.stop(0);
  }

  Environment environment() {
    return TestEnvironments.prodExample(
        Map.of(
            "cutover.endpoints.api",
            "http://127.0.0.1:" + server.getAddress().getPort(),
            "cutover.goldens.call_timeout",
            "1s"));
  }

  io.restassured.specification.RequestSpecification spec() {
    return ApiRequests.prepare(
        environment(),
        () -> new BearerToken(TOKEN),
        secrets,
        new RedactingAllureFilter(
            new Redactor(secrets), (name, text) -> attached.add(new String[] {name, text})));
  }

  @Test
  void sendsTheBearerTokenAndMarksTheRequestSynthetic() {
    given(spec()).body(Map.of("query", "{ __typename }")).post("/graphql").then().statusCode(200);

    assertThat(received)
        .singleElement()
        .satisfies(
            headers -> {
              assertThat(headers.get("Authorization")).containsExactly("Bearer " + TOKEN);
              assertThat(headers.get("X-synthetic-probe")).containsExactly("maestro-cutover");
            });
  }

  @Test
  void theReportGetsTheExchangeWithTheTokenMaskedEvenWhereTheApiEchoesIt() {
    given(spec()).body(Map.of("query", "{ __typename }")).post("/graphql").then().statusCode(200);

    assertThat(attached)
        .singleElement()
        .satisfies(
            attachment -> {
              assertThat(attachment[0]).matches("POST http://127\\.0\\.0\\.1:\\d+/graphql -> 200");
              assertThat(attachment[1])
                  .contains(
                      "Authorization: [REDACTED]", "\"__typename\":\"Query\"", "--> HTTP/1.1 200")
                  .doesNotContain(TOKEN);
            });
  }

  @Test
  void aSilentApiFailsWithinTheCallTimeout() {
    long started = System.nanoTime();

    assertThatThrownBy(() -> given(spec()).get("/silent"))
        .isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("bounded by goldens.call_timeout (1s)")
        .isLessThan(Duration.ofSeconds(15));
  }
}
