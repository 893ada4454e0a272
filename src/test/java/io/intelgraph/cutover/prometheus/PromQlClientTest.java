package io.intelgraph.cutover.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport behaviour against a stand-in HTTP server: only for what a real Prometheus
 * cannot be made to do on demand (hang, send the wrong thing). Real answers are tested in the ITs.
 */
class PromQlClientTest {

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.stop(0);
  }

  private URI serve(String body, AtomicReference<String> received) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void sendsTheQueryAndTimeAsAForm() throws IOException {
    AtomicReference<String> received = new AtomicReference<>();
    URI base = serve("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", received);

    QueryResult result = new PromQlClient(base, Duration.ofSeconds(2)).query("sum(rate(x{a=\"b\"}[5m]))", Instant.ofEpochMilli(1500));

    assertThat(result.isEmpty()).isTrue();
    assertThat(received.get()).isEqualTo("POST /api/v1/query query=sum(rate(x{a=\"b\"}[5m]))&time=1.500");
  }

  @Test
  void sendsRangeQueriesWithStartEndAndStep() throws IOException {
    AtomicReference<String> received = new AtomicReference<>();
    URI base = serve("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", received);

    new PromQlClient(base, Duration.ofSeconds(2)).queryRange("up", Instant.ofEpochSecond(0), Instant.ofEpochSecond(60), Duration.ofSeconds(15));

    assertThat(received.get()).isEqualTo("POST /api/v1/query_range query=up&start=0.000&end=60.000&step=15.000");
  }

  @Test
  void aClosedPortIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PromQlClient client = new PromQlClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));

    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(PromQlException.class, e -> {
          assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNREACHABLE);
          assertThat(e.query()).isEqualTo("up");
        })
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + "/ is unreachable for 'up': ");
  }

  @Test
  void aHangingServerTimesOutWithinTheBound() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS); // holds the request until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    PromQlClient client = new PromQlClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(PromQlException.class, e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.TIMEOUT))
        .hasMessageContaining("within PT0.3S for 'up'");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }
}
