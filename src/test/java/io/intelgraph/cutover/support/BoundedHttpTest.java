package io.intelgraph.cutover.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.intelgraph.cutover.config.HttpProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoundedHttpTest {

  private static final Duration BOUND = Duration.ofMillis(500);

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          exchange
              .getResponseHeaders()
              .add(
                  "X-Upgrade-Seen",
                  String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    // headers at once, then a body that never comes: the request timeout alone would not end this
    server.createContext(
        "/stall",
        exchange -> {
          exchange.sendResponseHeaders(200, 100);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException ignored) {
            // the test is over; the exchange is abandoned either way
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    // nothing at all, not even headers: the request's own timeout ends this
    server.createContext(
        "/silent",
        exchange -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException ignored) {
            // the test is over; the exchange is abandoned either way
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private URI at(String path) {
    return URI.create("http://127.0.0.1:%d%s".formatted(server.getAddress().getPort(), path));
  }

  private BoundedHttp http() {
    return new BoundedHttp(
        HttpClients.newClient(BOUND, HttpClient.Redirect.NEVER),
        BOUND,
        HttpProtocol.AUTO,
        IllegalStateException::new);
  }

  @Test
  void answersWithTheBodyAndSpeaksHttp11WithoutAnUpgradeOnCleartext() {
    BoundedHttp.Exchange exchange = http().send("probe", HttpRequest.newBuilder(at("/ok")).GET());

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.body()).isEqualTo("{\"ok\":true}");
    assertThat(exchange.response().version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(exchange.response().headers().firstValue("X-Upgrade-Seen")).hasValue("null");
  }

  @Test
  void aBodyThatStallsFailsWithinTheBoundInTheCallersExceptionNamingStepUrlAndBound() {
    URI stall = at("/stall");

    assertThatThrownBy(() -> http().send("API health", HttpRequest.newBuilder(stall).GET()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("API health: GET " + stall + " timed out after ")
        .hasMessageContaining("(bound 500 ms): no complete response");
  }

  @Test
  void headersThatNeverComeFailWithinTheBound() {
    URI silent = at("/silent");
    long start = System.nanoTime();

    assertThatThrownBy(
            () -> http().send("GraphQL Neighborhood", HttpRequest.newBuilder(silent).GET()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("GraphQL Neighborhood: GET " + silent + " timed out after ")
        .hasMessageContaining("(bound 500 ms): no complete response");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("time to give up")
        .isLessThan(BOUND.multipliedBy(4));
  }

  @Test
  void theSameClientAnswersAgainAfterGivingUpOnAStalledBody() {
    BoundedHttp http = http();
    assertThatThrownBy(() -> http.send("stall", HttpRequest.newBuilder(at("/stall")).GET()))
        .isInstanceOf(IllegalStateException.class);

    BoundedHttp.Exchange exchange = http.send("probe", HttpRequest.newBuilder(at("/ok")).GET());

    assertThat(exchange.body()).isEqualTo("{\"ok\":true}");
    assertThat(exchange.elapsed()).isPositive().isLessThan(BOUND);
  }

  @Test
  void anUnreachableEndpointNamesTheUrlAndTheFix() throws IOException {
    URI closed;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:%d/x".formatted(socket.getLocalPort()));
    }
    URI target = closed;

    assertThatThrownBy(() -> http().send("OPA health", HttpRequest.newBuilder(target).GET()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("OPA health: GET " + target + " failed after ")
        .hasMessageEndingWith("; check that the endpoint is reachable");
  }

  @Test
  void http2IsAskedForOnlyWhereTlsCanNegotiateIt() {
    assertThat(HttpClients.version(URI.create("https://api.example/"), HttpProtocol.AUTO))
        .isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(HttpClients.version(URI.create("http://api.example/"), HttpProtocol.AUTO))
        .isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(HttpClients.version(URI.create("http://api.example/"), HttpProtocol.HTTP2))
        .isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(HttpClients.version(URI.create("https://api.example/"), HttpProtocol.HTTP1))
        .isEqualTo(HttpClient.Version.HTTP_1_1);
  }
}
