package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.GraphQlOperation;
import io.intelgraph.cutover.support.BoundedHttp;
import io.intelgraph.cutover.support.Excerpts;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code graphql-transport-ws} connection (Java-WebSocket), with every wait bounded.
 *
 * <p>Design note: all incoming messages go into one queue, and the close of the socket is queued as
 * a message too, so a waiting step learns at once that the server hung up instead of running into
 * its timeout. Server pings are answered. {@link #barrier} sends a ping after a subscribe and waits
 * for the pong: a server handles one connection's messages in order, so once the pong is back the
 * subscription is registered and a write cannot race past it.
 */
final class GraphQlWsSession implements AutoCloseable {

  static final String SUBPROTOCOL = "graphql-transport-ws";
  private static final String CLOSED = "__closed";

  private final URI uri;
  private final Duration timeout;
  private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Client client;
  private Duration connectElapsed = Duration.ZERO;
  private volatile ServerHandshake upgrade;

  private GraphQlWsSession(URI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
    this.client = new Client(uri, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /**
   * Connects, negotiates the subprotocol, sends {@code connection_init} with the token and awaits
   * the ack.
   */
  static GraphQlWsSession open(URI uri, BearerToken token, Duration timeout) {
    GraphQlWsSession session = new GraphQlWsSession(uri, timeout);
    try {
      session.handshake(token);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void handshake(BearerToken token) {
    long start = System.nanoTime();
    boolean open;
    try {
      open = client.connectBlocking(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoldenException("subscription: interrupted while connecting to " + uri, e);
    }
    if (!open) {
      JsonNode why = inbox.poll();
      throw new GoldenException(
          ("subscription: step 'connect' (TCP + WebSocket upgrade) to %s did not complete within %d ms%s;"
                  + " check that the API serves WebSocket upgrades on this path")
              .formatted(
                  uri,
                  timeout.toMillis(),
                  why == null
                      ? " (no answer to the upgrade request)"
                      : " (" + why.path("reason").asString() + ")"));
    }
    String negotiated =
        client.getConnection().getDraft() instanceof Draft_6455 draft && draft.getProtocol() != null
            ? draft.getProtocol().getProvidedProtocol()
            : "";
    if (!SUBPROTOCOL.equals(negotiated)) {
      throw new GoldenException(
          "subscription: %s accepted the upgrade without the %s subprotocol (negotiated '%s'); the server speaks another protocol"
              .formatted(uri, SUBPROTOCOL, negotiated));
    }
    send(
        Map.of(
            "type",
            "connection_init",
            "payload",
            Map.of("Authorization", token.authorizationHeader())));
    JsonNode ack = await("connection_ack", m -> true);
    if (!"connection_ack".equals(ack.path("type").asString())) {
      throw new GoldenException(
          "subscription: step 'connection_ack': %s answered connection_init with '%s' instead of connection_ack"
              .formatted(uri, ack.path("type").asString()));
    }
    connectElapsed = Duration.ofNanos(System.nanoTime() - start);
  }

  /** Time from opening the TCP connection to receiving {@code connection_ack}. */
  Duration connectElapsed() {
    return connectElapsed;
  }

  /**
   * A header of the server's answer to the WebSocket upgrade, e.g. the track the edge routed it to.
   */
  java.util.Optional<String> upgradeHeader(String name) {
    ServerHandshake answer = upgrade;
    if (answer == null || !answer.hasFieldValue(name)) return java.util.Optional.empty();
    return java.util.Optional.of(answer.getFieldValue(name));
  }

  void subscribe(String id, GraphQlOperation operation, Map<String, Object> variables) {
    Map<String, Object> payload = new LinkedHashMap<>();
    operation
        .persistedQueryHash()
        .ifPresentOrElse(
            hash -> {
              payload.put("query", operation.document());
              payload.put(
                  "extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
            },
            () -> payload.put("query", operation.document()));
    payload.put("operationName", operation.operationName());
    payload.put("variables", variables);
    send(Map.of("id", id, "type", "subscribe", "payload", payload));
  }

  /** Ping, then wait for the pong: everything sent before is processed by the server. */
  void barrier(String step) {
    send(Map.of("type", "ping"));
    JsonNode answer = await(step, m -> !"next".equals(m.path("type").asString()));
    String type = answer.path("type").asString();
    if ("error".equals(type)) {
      throw new GoldenException(
          "subscription: step '%s': the server rejected the subscription: %s"
              .formatted(step, answer.path("payload")));
    }
    if (!"pong".equals(type)) {
      throw new GoldenException(
          "subscription: step '%s': expected pong, got '%s'".formatted(step, type));
    }
  }

  /**
   * Waits for the {@code next} of subscription {@code id} whose payload matches; other
   * subscriptions' messages and non-matching events are skipped, {@code error} and {@code complete}
   * for it fail.
   */
  JsonNode awaitNext(String id, String step, Predicate<JsonNode> matches) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode message = take(step, deadline);
      if (!id.equals(message.path("id").asString(null))) continue;
      String type = message.path("type").asString();
      if ("error".equals(type)) {
        throw new GoldenException(
            "subscription: step '%s': the server sent error for subscription %s: %s"
                .formatted(step, id, message.path("payload")));
      }
      if ("complete".equals(type)) {
        throw new GoldenException(
            "subscription: step '%s': the server completed subscription %s before the expected event"
                .formatted(step, id));
      }
      if ("next".equals(type) && matches.test(message.path("payload")))
        return message.path("payload");
    }
  }

  void complete(String id) {
    send(Map.of("id", id, "type", "complete"));
  }

  private JsonNode await(String step, Predicate<JsonNode> accept) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode message = take(step, deadline);
      if (accept.test(message)) return message;
    }
  }

  private JsonNode take(String step, long deadline) {
    try {
      long remaining = deadline - System.nanoTime();
      JsonNode message = remaining <= 0 ? null : inbox.poll(remaining, TimeUnit.NANOSECONDS);
      if (message == null) {
        throw new GoldenException(
            "subscription: step '%s' timed out after %d ms: %s sent nothing that completes it"
                .formatted(step, timeout.toMillis(), uri));
      }
      if (CLOSED.equals(message.path("type").asString())) {
        throw new GoldenException(
            "subscription: step '%s': %s closed the connection (code %d, reason '%s')"
                .formatted(
                    step, uri, message.path("code").asInt(), message.path("reason").asString()));
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoldenException("subscription: interrupted during step '" + step + "'", e);
    }
  }

  private void send(Map<String, Object> message) {
    try {
      client.send(Json.write(message));
    } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
      throw new GoldenException(
          "subscription: cannot send %s to %s: the connection is closed"
              .formatted(message.get("type"), uri),
          e);
    }
  }

  /**
   * Closes normally (1000) and waits, bounded, for the close to complete; forces the socket shut
   * otherwise.
   */
  @Override
  public void close() {
    if (client.isOpen()) {
      client.close(1000, "golden done");
    }
    try {
      if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) forceClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forceClose();
    }
  }

  /** True once the connection is closed. */
  boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void forceClose() {
    Socket socket = client.getSocket();
    try {
      if (socket != null) socket.close();
    } catch (IOException ignored) {
      // the socket is being abandoned after its bound; nothing more can be done with it
    }
    client.closeConnection(1006, "golden gave up after " + timeout.toMillis() + " ms");
  }

  private final class Client extends WebSocketClient {
    Client(URI uri, int connectTimeoutMillis) {
      super(
          uri,
          new Draft_6455(Collections.emptyList(), List.of(new Protocol(SUBPROTOCOL))),
          Map.of(GraphQlClient.SYNTHETIC_HEADER, GraphQlClient.SYNTHETIC_SOURCE),
          connectTimeoutMillis);
      setConnectionLostTimeout(
          0); // protocol-level pings are the goldens' concern, bounded per step
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      upgrade = handshake; // checked by the caller once connectBlocking returns
    }

    @Override
    public void onMessage(String text) {
      JsonNode message;
      try {
        message = Json.MAPPER.readTree(text);
      } catch (tools.jackson.core.JacksonException e) {
        ObjectNode bad = Json.MAPPER.createObjectNode();
        bad.put("type", "__malformed").put("text", Excerpts.of(text));
        inbox.add(bad);
        return;
      }
      if ("ping".equals(message.path("type").asString())) {
        send(Json.write(Map.of("type", "pong")));
        return;
      }
      inbox.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      ObjectNode message = Json.MAPPER.createObjectNode();
      message.put("type", CLOSED).put("code", code).put("reason", reason == null ? "" : reason);
      inbox.add(message);
      closed.countDown();
    }

    @Override
    public void onError(Exception e) {
      ObjectNode message = Json.MAPPER.createObjectNode();
      message.put("type", CLOSED).put("code", 1006).put("reason", BoundedHttp.describe(e));
      inbox.add(message);
    }
  }
}
