package io.intelgraph.cutover.sandbox.standin;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server every stand-in runs on: Undertow on 127.0.0.1, an ephemeral port, one I/O thread.
 * Routes are plain functions from {@link Request} to {@link Response}, run on the I/O thread (they
 * are all in-memory and fast). Undertow rather than the JDK server because the latter leaves
 * Nagle's algorithm on and adds ~40 ms delayed-ACK stalls, which would make the OPA decision gate
 * lie. A route key ending in {@code /} matches the prefix; others match exactly. Unknown paths get
 * a 404 naming the routes.
 */
final class StandInServer implements AutoCloseable {

  /** One request, body fully read. */
  record Request(String method, String path, String rawQuery, byte[] body) {}

  /** One response. */
  record Response(int status, String contentType, String body) {
    static Response json(int status, String body) {
      return new Response(status, "application/json", body);
    }

    static Response methodNotAllowed(Request request, String allowed) {
      return new Response(405, "text/plain", "use " + allowed + " for " + request.path() + "\n");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(StandInServer.class);

  private final String name;
  private final Undertow server;
  private final URI baseUrl;

  StandInServer(String name, Map<String, Function<Request, Response>> routes) {
    this.name = name;
    Map<String, Function<Request, Response>> table = new LinkedHashMap<>(routes);
    this.server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(1)
            .setWorkerThreads(2)
            .setHandler(
                exchange ->
                    exchange
                        .getRequestReceiver()
                        .receiveFullBytes(
                            (done, body) -> send(done, route(table, done, body)),
                            (failed, e) ->
                                send(
                                    failed,
                                    new Response(
                                        400,
                                        "text/plain",
                                        "could not read the request body: " + e + "\n"))))
            .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    this.baseUrl = URI.create("http://127.0.0.1:" + port);
  }

  private Response route(
      Map<String, Function<Request, Response>> table, HttpServerExchange exchange, byte[] body) {
    String path = exchange.getRequestPath();
    Request request =
        new Request(exchange.getRequestMethod().toString(), path, exchange.getQueryString(), body);
    for (Map.Entry<String, Function<Request, Response>> route : table.entrySet()) {
      String key = route.getKey();
      if (key.endsWith("/") ? path.startsWith(key) : path.equals(key)) {
        try {
          return route.getValue().apply(request);
        } catch (RuntimeException e) {
          LOG.error("{} stand-in failed on {} {}", name, request.method(), path, e);
          return new Response(500, "text/plain", "%s stand-in failed: %s%n".formatted(name, e));
        }
      }
    }
    return new Response(
        404,
        "text/plain",
        "%s stand-in: no route for %s %s; it serves %s%n"
            .formatted(name, request.method(), path, table.keySet()));
  }

  private static void send(HttpServerExchange exchange, Response response) {
    exchange.setStatusCode(response.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
    exchange.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
    exchange.getResponseSender().send(response.body(), StandardCharsets.UTF_8);
  }

  URI baseUrl() {
    return baseUrl;
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key =
          java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String toString() {
    return name + " stand-in at " + baseUrl;
  }
}
