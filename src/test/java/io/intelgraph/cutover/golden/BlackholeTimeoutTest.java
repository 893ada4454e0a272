package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that accepts connections and never answers: every client gives up within its bound
 * and says so.
 */
class BlackholeTimeoutTest {

  static final Duration BOUND = Duration.ofMillis(300);
  static final Duration SLACK = Duration.ofSeconds(2);
  static ServerSocket blackhole;
  static final List<Socket> held = new CopyOnWriteArrayList<>();
  static Thread acceptor;

  @BeforeAll
  static void open() throws IOException {
    blackhole = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor =
        new Thread(
            () -> {
              while (!blackhole.isClosed()) {
                try {
                  held.add(blackhole.accept()); // accept, read nothing, answer nothing
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "blackhole");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterAll
  static void close() throws IOException {
    blackhole.close();
    for (Socket socket : held) socket.close();
  }

  static URI at(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + blackhole.getLocalPort() + path);
  }

  static void failsWithinBound(ThrowingCallable call, String message) {
    long start = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(GoldenException.class).hasMessageContaining(message);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("time to give up")
        .isLessThan(BOUND.plus(SLACK));
  }

  @Test
  void graphQlCallGivesUpAfterItsTimeout() {
    GraphQlClient api =
        new GraphQlClient(at("http", "/graphql"), () -> new BearerToken("x.y.z"), BOUND);

    failsWithinBound(
        () ->
            api.execute(
                GoldensAgainstPeerTest.GOLDENS.operations().entity(),
                Map.of("id", "1", "tenantId", "t")),
        "GraphQL Entity: POST " + at("http", "/graphql") + " timed out after");
  }

  @Test
  void oidcDiscoveryGivesUpAfterItsTimeout() {
    failsWithinBound(
        () -> OidcDiscovery.fetch(at("http", "/default"), BOUND),
        "OIDC discovery: GET "
            + at("http", "/default/.well-known/openid-configuration")
            + " timed out after");
  }

  @Test
  void webSocketUpgradeGivesUpAfterItsTimeout() {
    failsWithinBound(
        () -> GraphQlWsSession.open(at("ws", "/graphql"), new BearerToken("x.y.z"), BOUND).close(),
        "subscription: step 'connect' (TCP + WebSocket upgrade) to "
            + at("ws", "/graphql")
            + " did not complete within 300 ms");
  }

  @Test
  void theGoldensTurnTheTimeoutIntoAFailedResult() {
    GraphQlClient api =
        new GraphQlClient(at("http", "/graphql"), () -> new BearerToken("x.y.z"), BOUND);
    long start = System.nanoTime();

    GoldenResult result =
        new GraphQueryGolden(
                api,
                GoldensAgainstPeerTest.GOLDENS.operations().graphNeighborhood(),
                "tenant-a",
                "seed",
                10)
            .run();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND.plus(SLACK));
    assertThat(result.passed()).isFalse();
    assertThat(result.failure())
        .get()
        .asString()
        .contains("timed out after")
        .contains("(bound 300 ms)");
  }
}
