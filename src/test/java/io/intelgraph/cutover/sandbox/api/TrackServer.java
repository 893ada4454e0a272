package io.intelgraph.cutover.sandbox.api;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One track, like one deployment: its API handler (HTTP and graphql-transport-ws on {@code
 * /graphql}) and its own listener, where Prometheus scrapes {@code /metrics} and the API can be
 * reached directly. The router calls {@link #api()} in-process.
 */
final class TrackServer implements AutoCloseable {

  static final int MAX_BODY_BYTES = 1 << 20;

  private final Track track;
  private final TrackMetrics metrics;
  private final HttpHandler api;
  private final Undertow server;
  private final URI baseUrl;

  TrackServer(
      Track track,
      TrackMetrics metrics,
      TrackHttpHandler http,
      FaultPolicy faults,
      TrackAuthenticator authenticator,
      GraphQlEngine engine,
      Duration initTimeout) {
    this.track = Objects.requireNonNull(track, "track");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    HttpHandler websocket =
        new WebSocketProtocolHandshakeHandler(
            List.of(new Hybi13Handshake(Set.of(GraphQlWsConnection.SUBPROTOCOL), false)),
            (WebSocketConnectionCallback)
                (exchange, channel) ->
                    new GraphQlWsConnection(track, channel, metrics, faults, authenticator, engine)
                        .start(initTimeout),
            http);
    this.api =
        exchange -> {
          if (isWebSocketUpgrade(exchange)) {
            websocket.handleRequest(exchange);
          } else {
            http.handleRequest(exchange);
          }
        };
    this.server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(1)
            .setWorkerThreads(8)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) MAX_BODY_BYTES)
            .setServerOption(
                UndertowOptions.RECORD_REQUEST_START_TIME,
                true) // a request's time starts when it is read
            .setHandler(
                exchange -> {
                  if (faults.down(track)) {
                    exchange.setStatusCode(503);
                    exchange.endExchange();
                  } else if (exchange.getRequestPath().equals("/metrics")) {
                    serveMetrics(exchange);
                  } else {
                    api.handleRequest(exchange);
                  }
                })
            .build();
    server.start();
    this.baseUrl = baseUrlOf(server);
  }

  static boolean isWebSocketUpgrade(HttpServerExchange exchange) {
    String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
    return upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && exchange.getRequestPath().equals("/graphql");
  }

  private void serveMetrics(HttpServerExchange exchange) {
    byte[] body = metrics.scrape();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  static URI baseUrlOf(Undertow server) {
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    return URI.create("http://127.0.0.1:" + address.getPort());
  }

  Track track() {
    return track;
  }

  /** The track's API (HTTP + WebSocket upgrade), for in-process dispatch by the router. */
  HttpHandler api() {
    return api;
  }

  URI baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    server.stop();
  }
}
