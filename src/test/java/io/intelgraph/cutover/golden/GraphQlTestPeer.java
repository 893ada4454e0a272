package io.intelgraph.cutover.golden;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * A tiny GraphQL-over-HTTP and graphql-transport-ws peer for the goldens' protocol logic, in tests
 * only: it routes by operation name, keeps entities per tenant, and validates bearer tokens with a
 * {@link TokenValidator} against the real OIDC provider. {@link Behaviour} switches on the
 * regressions the goldens must catch. The real contract is the sandbox's reference API.
 */
final class GraphQlTestPeer implements AutoCloseable {

  enum Behaviour {
    CORRECT,
    ACCEPTS_ANY_TOKEN,
    NO_TENANT_CHECK,
    SHALLOW_GRAPH,
    SILENT_WEBSOCKET,
    /**
     * Entity reads answer HTTP 500 with an HTML error page, as a broken backend behind a proxy
     * does.
     */
    ENTITY_READS_FAIL,
    /**
     * Every token of tenant-b is refused with 401, as when its validation is down: an outage, not a
     * decision.
     */
    OTHER_TENANT_REFUSED
  }

  /** The response header in which this peer names the track it plays ({@link #serveAs}). */
  static final String TRACK_HEADER = "x-track";

  private record Subscriber(WebSocketChannel channel, String id, String tenant) {}

  private final TokenValidator validator;
  private volatile Behaviour behaviour = Behaviour.CORRECT;
  private volatile java.util.function.Supplier<String> track = () -> "stable";
  private final Map<String, Map<String, Object>> entities = new ConcurrentHashMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Undertow server;

  GraphQlTestPeer(TokenValidator validator) {
    this.validator = validator;
    WebSocketProtocolHandshakeHandler handler =
        new WebSocketProtocolHandshakeHandler(
            List.of(new Hybi13Handshake(Set.of(GraphQlWsSession.SUBPROTOCOL), false)),
            (io.undertow.websockets.WebSocketConnectionCallback)
                (exchange, channel) -> {
                  channel
                      .getReceiveSetter()
                      .set(
                          new AbstractReceiveListener() {
                            private String tenant;

                            @Override
                            protected void onFullTextMessage(
                                WebSocketChannel ch, BufferedTextMessage message) {
                              JsonNode json = Json.MAPPER.readTree(message.getData());
                              switch (json.path("type").asString()) {
                                case "connection_init" -> {
                                  if (behaviour == Behaviour.SILENT_WEBSOCKET) return;
                                  Optional<String> caller =
                                      tenantOf(
                                          json.path("payload")
                                              .path("Authorization")
                                              .asString(null));
                                  if (caller.isEmpty()) {
                                    WebSockets.sendClose(4403, "Forbidden", ch, null);
                                    return;
                                  }
                                  tenant = caller.get();
                                  WebSockets.sendText("{\"type\":\"connection_ack\"}", ch, null);
                                }
                                case "ping" -> WebSockets.sendText("{\"type\":\"pong\"}", ch, null);
                                case "subscribe" ->
                                    subscribers.add(
                                        new Subscriber(
                                            ch,
                                            json.path("id").asString(),
                                            json.path("payload")
                                                .path("variables")
                                                .path("tenantId")
                                                .asString()));
                                case "complete" ->
                                    subscribers.removeIf(
                                        s ->
                                            s.channel() == ch
                                                && s.id().equals(json.path("id").asString()));
                                default ->
                                    WebSockets.sendClose(4400, "unexpected message", ch, null);
                              }
                            }
                          });
                  channel.resumeReceives();
                },
            (io.undertow.server.HttpHandler) this::http);
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange -> {
                  exchange
                      .getResponseHeaders()
                      .put(
                          new io.undertow.util.HttpString(TRACK_HEADER),
                          track.get()); // HTTP and the WebSocket upgrade alike
                  handler.handleRequest(exchange);
                })
            .build();
    server.start();
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /**
   * Each answer (HTTP and WebSocket upgrade) names the track {@code track} gives, e.g. alternating
   * canary and stable.
   */
  void serveAs(java.util.function.Supplier<String> track) {
    this.track = track;
  }

  URI graphql() {
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return URI.create("http://127.0.0.1:" + port + "/graphql");
  }

  int storedEntities() {
    return entities.size();
  }

  private Optional<String> tenantOf(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) return Optional.empty();
    BearerToken token = new BearerToken(authorization.substring("Bearer ".length()));
    try {
      if (behaviour == Behaviour.ACCEPTS_ANY_TOKEN) {
        // the regression under test: claims read without verifying anything
        Object tenant =
            com.nimbusds.jwt.JWTParser.parse(token.reveal()).getJWTClaimsSet().getClaim("tenant");
        return Optional.of(String.valueOf(tenant));
      }
      return validator
          .validate(token, TokenExpectation.accessToken(MockProvider.AUDIENCE, List.of("tenant")))
          .stringClaim("tenant");
    } catch (TokenRejectedException | java.text.ParseException rejected) {
      return Optional.empty();
    }
  }

  private void http(HttpServerExchange exchange) {
    exchange
        .getRequestReceiver()
        .receiveFullString(
            (ex, body) -> {
              Optional<String> caller =
                  tenantOf(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
              if (caller.isEmpty()
                  || (behaviour == Behaviour.OTHER_TENANT_REFUSED
                      && caller.get().equals("tenant-b"))) {
                ex.setStatusCode(401);
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseSender()
                    .send(
                        "{\"errors\":[{\"message\":\"unauthorized\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
                return;
              }
              JsonNode request = Json.MAPPER.readTree(body);
              if (behaviour == Behaviour.ENTITY_READS_FAIL
                  && request.path("operationName").asString().equals("Entity")) {
                ex.setStatusCode(500);
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
                ex.getResponseSender()
                    .send("<html><body><h1>500 Internal Server Error</h1></body></html>");
                return;
              }
              JsonNode variables = request.path("variables");
              Object response =
                  execute(request.path("operationName").asString(), variables, caller.get());
              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
              ex.getResponseSender().send(Json.write(response));
            });
  }

  private Object execute(String operation, JsonNode variables, String caller) {
    String tenant =
        operation.equals("CreateEntity") || operation.equals("Neighborhood")
            ? variables.path("input").path("tenantId").asString()
            : variables.path("tenantId").asString();
    if (!tenant.equals(caller) && behaviour != Behaviour.NO_TENANT_CHECK) {
      return Map.of(
          "data",
          Map.of(),
          "errors",
          List.of(
              Map.of(
                  "message",
                  "caller of tenant " + caller + " may not access " + tenant,
                  "extensions",
                  Map.of("code", "FORBIDDEN"))));
    }
    switch (operation) {
      case "CreateEntity" -> {
        JsonNode input = variables.path("input");
        String id = "ent-" + UUID.randomUUID();
        List<String> labels = new ArrayList<>();
        input.path("labels").forEach(l -> labels.add(l.asString()));
        Map<String, Object> entity =
            Map.of(
                "id",
                id,
                "tenantId",
                tenant,
                "kind",
                input.path("kind").asString(),
                "labels",
                labels,
                "props",
                Json.MAPPER.convertValue(input.path("props"), Map.class));
        entities.put(id, entity);
        for (Subscriber s : subscribers) {
          if (s.tenant().equals(tenant)) {
            WebSockets.sendText(
                Json.write(
                    Map.of(
                        "id",
                        s.id(),
                        "type",
                        "next",
                        "payload",
                        Map.of("data", Map.of("entityCreated", entity)))),
                s.channel(),
                null);
          }
        }
        return Map.of("data", Map.of("createEntity", entity));
      }
      case "Entity" -> {
        Map<String, Object> entity = entities.get(variables.path("id").asString());
        boolean visible =
            entity != null
                && (entity.get("tenantId").equals(tenant)
                    || behaviour == Behaviour.NO_TENANT_CHECK);
        return Map.of(
            "data", java.util.Collections.singletonMap("entity", visible ? entity : null));
      }
      case "DeleteEntity" -> {
        return Map.of(
            "data",
            Map.of("deleteEntity", entities.remove(variables.path("id").asString()) != null));
      }
      case "Neighborhood" -> {
        int deepest = behaviour == Behaviour.SHALLOW_GRAPH ? 2 : 3;
        List<Map<String, Object>> reached = new ArrayList<>();
        for (int depth = 1; depth <= deepest; depth++)
          reached.add(Map.of("id", "n" + depth, "kind", "Person", "depth", depth));
        return Map.of(
            "data",
            Map.of(
                "graphNeighborhood",
                Map.of("entities", reached, "edges", List.of(), "depthReached", deepest)));
      }
      default -> {
        return Map.of("errors", List.of(Map.of("message", "unknown operation " + operation)));
      }
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
