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
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          received.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + (query == null ? "" : "?" + query)
                  + " "
                  + URLDecoder.decode(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                      StandardCharsets.UTF_8));
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
    URI base =
        serve(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
            received);

    QueryResult result =
        new PromQlClient(base, Duration.ofSeconds(2))
            .query("sum(rate(x{a=\"b\"}[5m]))", Instant.ofEpochMilli(1500));

    assertThat(result.isEmpty()).isTrue();
    assertThat(received.get())
        .isEqualTo("POST /api/v1/query query=sum(rate(x{a=\"b\"}[5m]))&time=1.500");
  }

  @Test
  void sendsRangeQueriesWithStartEndAndStep() throws IOException {
    AtomicReference<String> received = new AtomicReference<>();
    URI base =
        serve(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
            received);

    new PromQlClient(base, Duration.ofSeconds(2))
        .queryRange(
            "up", Instant.ofEpochSecond(0), Instant.ofEpochSecond(60), Duration.ofSeconds(15));

    assertThat(received.get())
        .isEqualTo("POST /api/v1/query_range query=up&start=0.000&end=60.000&step=15.000");
  }

  @Test
  void asksTheLabelNamesOfASelectorsSeriesWithinARange() throws IOException {
    AtomicReference<String> received = new AtomicReference<>();
    URI base =
        serve("{\"status\":\"success\",\"data\":[\"__name__\",\"status\",\"method\"]}", received);

    LabelNames names =
        new PromQlClient(base, Duration.ofSeconds(2))
            .labelNames(
                "http_requests_total{track=\"canary\"}",
                Instant.ofEpochSecond(0),
                Instant.ofEpochMilli(60_500));

    assertThat(received.get())
        .isEqualTo(
            "GET /api/v1/labels?match[]=http_requests_total{track=\"canary\"}&start=0.000&end=60.500 ");
    assertThat(names.matchedSeries()).isTrue();
    assertThat(names.describe()).isEqualTo("{method, status}");
  }

  @Test
  void labelNamesOfNoSeriesAreEmptyAndAMalformedAnswerIsBad() throws IOException {
    AtomicReference<String> received = new AtomicReference<>();
    URI base = serve("{\"status\":\"success\",\"data\":[]}", received);
    assertThat(
            new PromQlClient(base, Duration.ofSeconds(2))
                .labelNames("x", Instant.EPOCH, Instant.EPOCH)
                .matchedSeries())
        .isFalse();
    server.stop(0);

    URI bad = serve("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}", received);
    assertThatThrownBy(
            () ->
                new PromQlClient(bad, Duration.ofSeconds(2))
                    .labelNames("x", Instant.EPOCH, Instant.EPOCH))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.BAD_RESPONSE))
        .hasMessageStartingWith(
            "malformed answer from Prometheus to GET /api/v1/labels?match[]=x: `data` is missing or not an array of label names");
  }

  @Test
  void aClosedPortIsRefusedNamingTheEndpointTheCauseAndTheFix() throws IOException {
    int port = closedPort();
    PromQlClient client =
        new PromQlClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));

    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNREACHABLE);
              assertThat(e.query()).isEqualTo("up");
            })
        .hasMessage(
            "Prometheus at http://127.0.0.1:%d/ is unreachable for 'up': connection refused (nothing listens on 127.0.0.1:%d); "
                    .formatted(port, port)
                + "check that Prometheus is running there and that endpoints.prometheus points at it");
  }

  @Test
  void aClosedPortFailsEveryKindOfRequestAsRefused() throws IOException {
    int port = closedPort();
    PromQlClient client =
        new PromQlClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));

    assertThatThrownBy(client::alertingRules)
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining(
            "is unreachable for '" + AlertingRules.REQUEST + "': connection refused");
    assertThatThrownBy(
            () ->
                client.queryRange(
                    "up", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Duration.ofSeconds(15)))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("is unreachable for 'up': connection refused");
    assertThat(client.queryAsync("up", Instant.EPOCH))
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(PromQlException.class)
        .withMessageContaining("connection refused");
  }

  @Test
  void anUnresolvableHostIsADnsFailureNamingTheHost() {
    PromQlClient client =
        new PromQlClient(
            URI.create("http://prometheus.does-not-exist.invalid:9090"), Duration.ofSeconds(30));

    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNREACHABLE))
        .hasMessage(
            "Prometheus at http://prometheus.does-not-exist.invalid:9090/ is unreachable for 'up': host "
                + "'prometheus.does-not-exist.invalid' does not resolve (DNS); check the host name in endpoints.prometheus and this runner's DNS");
  }

  @Test
  void aConnectionResetIsUnreachableAndSaysReset() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      dropEveryRequest(socket, true);
      PromQlClient client =
          new PromQlClient(
              URI.create("http://127.0.0.1:" + socket.getLocalPort()), Duration.ofSeconds(30));

      assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
          .isInstanceOfSatisfying(
              PromQlException.class,
              e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNREACHABLE))
          // the RST may reach the JDK client as a reset or as the end of the stream, by timing
          .hasMessageMatching(
              ".*is unreachable for 'up': connection (reset|closed before any answer); check that"
                  + " Prometheus \\(or a proxy in front of it\\) is not restarting or crashing");
    }
  }

  /**
   * Accepts every connection on {@code socket}, reads the request and closes without an answer:
   * with a reset (RST) when {@code reset}, else in order (the end of the stream). It waits for the
   * request so the client is reading when the close comes: a reset before it wrote can read as a
   * plain end of stream instead.
   */
  private static void dropEveryRequest(ServerSocket socket, boolean reset) {
    Thread dropper =
        new Thread(
            () -> {
              try {
                while (true) {
                  java.net.Socket accepted = socket.accept();
                  accepted.getInputStream().read(new byte[1024]);
                  if (reset) accepted.setSoLinger(true, 0);
                  accepted.close();
                }
              } catch (IOException ignored) {
                // the socket closed at the end of the test
              }
            });
    dropper.setDaemon(true);
    dropper.start();
  }

  @Test
  void aConnectionClosedBeforeAnyAnswerIsUnreachableAndSaysSo() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      dropEveryRequest(socket, false);
      PromQlClient client =
          new PromQlClient(
              URI.create("http://127.0.0.1:" + socket.getLocalPort()), Duration.ofSeconds(30));

      assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
          .isInstanceOfSatisfying(
              PromQlException.class,
              e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNREACHABLE))
          .hasMessageContaining(
              "is unreachable for 'up': connection closed before any answer; check that Prometheus"
                  + " (or a proxy in front of it) is not restarting or crashing");
    }
  }

  @Test
  void aPortThatAcceptsButNeverAnswersIsATimeoutThatSaysSo() throws IOException {
    // the kernel completes the handshake from the backlog; nobody ever reads or answers
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      PromQlClient client =
          new PromQlClient(
              URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300));

      assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
          .isInstanceOfSatisfying(
              PromQlException.class,
              e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.TIMEOUT))
          .hasMessage(
              "no answer from Prometheus at http://127.0.0.1:%d/ within 300ms (prometheus.query_timeout) for 'up': "
                      .formatted(silent.getLocalPort())
                  + "it accepts connections but does not answer; check that it is not hung or overloaded, or raise prometheus.query_timeout");
    }
  }

  @Test
  void overTlsOneConnectionIsOpenedForACheckAndItsSilenceFailsEveryQuestionNamingEach()
      throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      PromQlClient client =
          new PromQlClient(
              URI.create("https://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300));

      var asked =
          java.util.stream.IntStream.range(0, 6)
              .mapToObj(i -> client.queryAsync("q" + i, Instant.EPOCH))
              .toList();

      for (int i = 0; i < asked.size(); i++) {
        String query = "q" + i;
        assertThatThrownBy(asked.get(i)::join)
            .cause()
            .isInstanceOfSatisfying(
                PromQlException.class,
                e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.TIMEOUT))
            .hasMessageStartingWith(
                "no answer from Prometheus at https://127.0.0.1:%d/ within 300ms (prometheus.query_timeout) for '%s'"
                    .formatted(silent.getLocalPort(), query));
      }
      assertThat(accepted(silent))
          .as("TLS connections opened for 6 questions at once")
          .isEqualTo(1);
      assertThatThrownBy(() -> client.query("again", Instant.EPOCH))
          .isInstanceOf(PromQlException.class);
      assertThat(accepted(silent))
          .as("after a failed connection, the next question opens a new one")
          .isEqualTo(1);
    }
  }

  /** The connections waiting in {@code server}'s backlog, accepted and closed. */
  private static int accepted(ServerSocket server) throws IOException {
    server.setSoTimeout(200);
    int count = 0;
    while (true) {
      try (java.net.Socket ignored = server.accept()) {
        count++;
      } catch (java.net.SocketTimeoutException e) {
        return count;
      }
    }
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsCutOffAtTheTimeout() throws IOException {
    PromQlClient client =
        clientOfAServerThatHolds(
            exchange -> {
              exchange.sendResponseHeaders(200, 1000); // promises a body it never sends
              exchange.getResponseBody().write("{\"status\"".getBytes(StandardCharsets.UTF_8));
              exchange.getResponseBody().flush();
            });

    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.TIMEOUT))
        .hasMessageStartingWith(
            "no answer from Prometheus at http://127.0.0.1:%d/ within 300ms"
                .formatted(server.getAddress().getPort()));
  }

  /**
   * A client with a 300 ms timeout, of a server that does {@code first} with each request, then
   * holds it until the test ends.
   */
  private PromQlClient clientOfAServerThatHolds(com.sun.net.httpserver.HttpHandler first)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          first.handle(exchange);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return new PromQlClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofMillis(300));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aHangingServerTimesOutWithinTheBound() throws IOException {
    PromQlClient client = clientOfAServerThatHolds(exchange -> {});

    assertThatThrownBy(() -> client.query("up", Instant.EPOCH))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.TIMEOUT))
        .hasMessageContaining("within 300ms (prometheus.query_timeout) for 'up'");
  }
}
