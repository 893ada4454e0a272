package io.intelgraph.cutover.sandbox.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server every stand-in runs on: 127.0.0.1, an ephemeral port, a small daemon pool.
 * Unknown paths get a 404 that names the paths this stand-in serves.
 */
final class StandInServer implements AutoCloseable {

  private final String name;
  private final HttpServer server;
  private final ExecutorService pool;

  StandInServer(String name, Map<String, HttpHandler> routes) {
    this.name = name;
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "standin-" + name + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the %s stand-in to 127.0.0.1".formatted(name), e);
    }
    routes.forEach((path, handler) -> server.createContext(path, exchange -> {
      try (exchange) {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        respond(exchange, 500, "application/json", "{\"error\":\"%s stand-in failed: %s\"}"
            .formatted(name, String.valueOf(e.getMessage()).replace("\"", "'")));
        throw e;
      }
    }));
    server.createContext("/", exchange -> {
      try (exchange) {
        respond(exchange, 404, "text/plain", "%s stand-in: no route for %s %s; it serves %s%n"
            .formatted(name, exchange.getRequestMethod(), exchange.getRequestURI(), routes.keySet()));
      }
    });
    server.setExecutor(pool);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    respond(exchange, 405, "text/plain", "use " + allowed + " for " + exchange.getRequestURI().getPath() + "\n");
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " stand-in at " + baseUrl();
  }
}
