package io.intelgraph.cutover.sandbox.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One track's HTTP API: {@code POST /graphql} and {@code GET /api/health}, with the track's faults
 * and metrics. Always runs on a worker thread (it dispatches itself off the IO thread first), so
 * reading the body, verifying a token (which may fetch the JWKS) and injected latency never block
 * IO. Every request's server-side duration and final status are recorded when the exchange
 * completes, whatever happened (401, 503, 500 included), from the moment the listener read the
 * request (its listeners record the request start time). Every response also carries that duration
 * up to the moment its headers are committed as {@code Server-Timing: app;dur=<ms>}, so a client
 * can pair its own round trip with the server's time for the same request (the golden overhead
 * benchmark does).
 */
final class TrackHttpHandler implements HttpHandler {

  static final HttpString TENANT_HEADER = new HttpString("x-tenant-id");
  static final HttpString SERVER_TIMING = new HttpString("Server-Timing");
  private static final AttachmentKey<Integer> HOPS = AttachmentKey.create(Integer.class);

  private final Track track;
  private final TrackMetrics metrics;
  private final FaultPolicy faults;
  private final TrackAuthenticator authenticator;
  private final GraphQlEngine engine;

  /** The header that marks a synthetic probe, e.g. the cutover's golden transactions. */
  static final io.undertow.util.HttpString SYNTHETIC_HEADER =
      io.undertow.util.HttpString.tryFromString("X-Synthetic-Probe");

  TrackHttpHandler(
      Track track,
      TrackMetrics metrics,
      FaultPolicy faults,
      TrackAuthenticator authenticator,
      GraphQlEngine engine) {
    this.track = Objects.requireNonNull(track, "track");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    // the request's time starts when the listener has read it (RECORD_REQUEST_START_TIME), as an
    // access log's response time does, not when a worker picks it up: the wait for a worker is the
    // server's, never the client's
    long started =
        exchange.getRequestStartTime() > 0 ? exchange.getRequestStartTime() : System.nanoTime();
    String route = TrackMetrics.routeOf(exchange.getRequestPath());
    String method = exchange.getRequestMethod().toString();
    // the SLO series count users' requests; probes that fail on purpose (forged tokens) count apart
    boolean synthetic = exchange.getRequestHeaders().contains(SYNTHETIC_HEADER);
    String tenant =
        java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(TENANT_HEADER))
            .orElse("");
    String region = Regions.of(exchange.getRequestHeaders().getFirst(Regions.HEADER));
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          double seconds = (System.nanoTime() - started) / 1e9;
          if (synthetic) {
            metrics.syntheticRequest(route, method, done.getStatusCode());
          } else {
            metrics.request(route, method, done.getStatusCode(), seconds, tenant, region);
            Integer hops = done.getAttachment(HOPS);
            if (hops != null) {
              metrics.graphQuery(hops, seconds);
            }
          }
          next.proceed();
        });
    exchange.addResponseCommitListener(
        committing ->
            committing
                .getResponseHeaders()
                .put(
                    SERVER_TIMING,
                    String.format(
                        java.util.Locale.ROOT,
                        "app;dur=%.3f",
                        (System.nanoTime() - started) / 1e6)));
    try {
      serve(exchange, route, method, region);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(
          exchange, 503, Map.of("error", "service_unavailable", "reason", "server shutting down"));
    } catch (RuntimeException | IOException e) {
      respond(
          exchange,
          500,
          Map.of(
              "error",
              "internal_error",
              "reason",
              e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private void serve(HttpServerExchange exchange, String route, String method, String region)
      throws InterruptedException, IOException {
    Duration latency = faults.addedLatency(track, region);
    if (!latency.isZero()) {
      Thread.sleep(
          latency
              .toMillis()); // why: this IS the fault (a slow canary), on a worker thread, bounded
      // by FaultTuning
    }
    if (faults.failWith503(track, route)) {
      respond(exchange, 503, Map.of("error", "service_unavailable", "track", track.label()));
      return;
    }
    switch (route) {
      case TrackMetrics.ROUTE_HEALTH ->
          respond(exchange, 200, Map.of("status", "ok", "track", track.label()));
      case TrackMetrics.ROUTE_GRAPHQL -> {
        if (!method.equals("POST")) {
          exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
          respond(
              exchange,
              405,
              Map.of(
                  "error",
                  "method_not_allowed",
                  "reason",
                  "GraphQL queries are POSTed to /graphql; subscriptions use a graphql-transport-ws WebSocket on it"));
          return;
        }
        graphQl(exchange);
      }
      default ->
          respond(exchange, 404, Map.of("error", "not_found", "path", exchange.getRequestPath()));
    }
  }

  private void graphQl(HttpServerExchange exchange) throws IOException {
    TrackAuthenticator.Authentication auth =
        authenticator.authenticate(
            track,
            exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION),
            exchange.getRequestHeaders().getFirst(TENANT_HEADER));
    if (auth.caller().isEmpty()) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      respond(exchange, 401, Map.of("error", "unauthorized", "reason", auth.rejection()));
      return;
    }
    exchange.startBlocking();
    byte[] body = exchange.getInputStream().readAllBytes();
    GraphQlRequest request;
    try {
      request = GraphQlRequest.from(Json.readObject(body));
    } catch (GraphQlRequest.BadRequestException | tools.jackson.core.JacksonException e) {
      respond(
          exchange,
          400,
          Map.of(
              "errors",
              List.of(
                  Map.of(
                      "message",
                      "not a GraphQL request: " + e.getMessage(),
                      "extensions",
                      Map.of("code", "BAD_REQUEST")))));
      return;
    }
    GraphQlEngine.Outcome outcome = engine.execute(request, auth.caller().get());
    metrics.operation(outcome.operation(), outcome.outcome());
    outcome.hops().ifPresent(hops -> exchange.putAttachment(HOPS, hops));
    respond(exchange, 200, outcome.result().toSpecification());
  }

  static void respond(HttpServerExchange exchange, int status, Map<String, ?> body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(Json.write(body), StandardCharsets.UTF_8);
  }
}
