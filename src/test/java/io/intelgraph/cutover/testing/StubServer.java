package io.intelgraph.cutover.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scripted HTTP server on 127.0.0.1 (the JDK's), recording every request it answers.
 *
 * <pre>{@code
 * try (StubServer webhook = StubServer.start().route("/rollback", request -> Response.of(204))) {
 *   ... webhook.uri("/rollback") ...
 *   assertThat(webhook.requests()).extracting(r -> r.header("Idempotency-Key")) ...
 * }
 * }</pre>
 *
 * Each exchange runs on a thread of its own, so a route may block (a silent or slow server).
 */
public final class StubServer implements AutoCloseable {

  /** A request as it arrived: header names lower-cased, the body read whole. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** What a route answers: a status, a body (none when empty) and headers. */
  public record Response(int status, String body, Map<String, String> headers) {
    public static Response of(int status) {
      return new Response(status, "", Map.of());
    }

    public static Response of(int status, String body) {
      return new Response(status, body, Map.of());
    }

    public Response withHeader(String name, String value) {
      Map<String, String> all = new java.util.LinkedHashMap<>(headers);
      all.put(name, value);
      return new Response(status, body, Map.copyOf(all));
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private StubServer(HttpServer server) {
    this.server = server;
    server.setExecutor(threads);
    server.start();
  }

  /** A server on an ephemeral port of 127.0.0.1, with no routes yet (everything answers 404). */
  public static StubServer start() {
    try {
      return new StubServer(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind a stub HTTP server on 127.0.0.1", e);
    }
  }

  /** Answers requests under {@code path} (a prefix, as {@link HttpServer#createContext}). */
  public StubServer route(String path, Function<Request, Response> route) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            Request request = record(exchange);
            Response response = route.apply(request);
            response.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    return this;
  }

  private Request record(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new java.util.TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(headers),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    return request;
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  public URI uri(String path) {
    return URI.create(
        "http://127.0.0.1:%d%s"
            .formatted(server.getAddress().getPort(), path.isEmpty() ? "" : path));
  }

  /** Every request answered so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
