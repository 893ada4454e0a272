package io.intelgraph.cutover.sandbox.api;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/** A graphql-transport-ws client for tests: records every message and how the server closed. */
final class GraphQlWsTestClient extends WebSocketClient {

  final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
  volatile Integer closeCode;
  volatile String closeReason;
  volatile String servedBy;
  volatile String acceptedProtocol;

  GraphQlWsTestClient(URI uri) {
    super(
        uri,
        new Draft_6455(Collections.emptyList(), List.of(new Protocol("graphql-transport-ws"))));
    setConnectionLostTimeout(0);
  }

  void sendJson(Map<String, ?> message) {
    send(Json.write(message));
  }

  boolean saw(String type) {
    return received.stream().anyMatch(m -> type.equals(m.get("type")));
  }

  /** The ids of entities delivered in {@code next} payloads. */
  @SuppressWarnings("unchecked")
  List<String> deliveredEntityIds() {
    return received.stream()
        .filter(m -> "next".equals(m.get("type")))
        .map(m -> (Map<String, Object>) ((Map<String, Object>) m.get("payload")).get("data"))
        .map(data -> (String) ((Map<String, Object>) data.get("entityCreated")).get("id"))
        .toList();
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    servedBy = handshake.getFieldValue("x-served-by");
    acceptedProtocol = handshake.getFieldValue("Sec-WebSocket-Protocol");
  }

  @Override
  public void onMessage(String message) {
    received.add(Json.readObject(message));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeReason = reason;
    closeCode = code;
  }

  @Override
  public void onError(Exception failure) {
    closeReason = "client error: " + failure;
  }
}
