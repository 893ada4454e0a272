package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.GraphQlOperation;
import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.support.BoundedHttp.Exchange;
import io.intelgraph.cutover.support.Excerpts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A GraphQL-over-HTTP client for the goldens: POSTs an operation by name with variables and a
 * bearer token, every call bounded by the timeout and timed around the exchange only.
 *
 * <p>Persisted queries follow Apollo's protocol: with a hash configured, the first request sends
 * only {@code extensions.persistedQuery}; if the server answers {@code PersistedQueryNotFound} the
 * document is sent with the hash, and the time of both round trips counts, as a user pays it.
 *
 * <pre>{@code
 * GraphQlClient api = new GraphQlClient(URI.create("https://api.example/graphql"), () -> tokens.accessToken(), Duration.ofSeconds(5));
 * GraphQlResponse response = api.execute(operations.graphNeighborhood(), Map.of("input", input));
 * }</pre>
 */
public final class GraphQlClient {

  /**
   * Marks every request of the suite as a synthetic probe, so the API can keep it out of the SLO
   * metrics the gates judge: the security goldens' forged tokens are refused on purpose, and those
   * 401s must not count as users' auth errors.
   */
  public static final String SYNTHETIC_HEADER = "X-Synthetic-Probe";

  static final String SYNTHETIC_SOURCE = "maestro-cutover";

  private final URI endpoint;
  private final Supplier<BearerToken> token;
  private final GoldenHttp http;
  private final TrackAttribution tracks;

  public GraphQlClient(URI endpoint, Supplier<BearerToken> token, Duration timeout) {
    this(endpoint, token, timeout, TrackAttribution.none(), HttpProtocol.AUTO);
  }

  /** A client that tells each answer's serving track by {@code tracks}. */
  public GraphQlClient(
      URI endpoint, Supplier<BearerToken> token, Duration timeout, TrackAttribution tracks) {
    this(endpoint, token, timeout, tracks, HttpProtocol.AUTO);
  }

  /**
   * A client that tells each answer's serving track by {@code tracks}, speaking {@code protocol}
   * ({@code goldens.http}).
   */
  public GraphQlClient(
      URI endpoint,
      Supplier<BearerToken> token,
      Duration timeout,
      TrackAttribution tracks,
      HttpProtocol protocol) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.token = Objects.requireNonNull(token, "token");
    this.http = new GoldenHttp(timeout, protocol);
    this.tracks = Objects.requireNonNull(tracks, "tracks");
  }

  /** How this client tells which track answered. */
  public TrackAttribution tracks() {
    return tracks;
  }

  /**
   * The GraphQL endpoint: {@code base} (e.g. {@code endpoints.api}) plus {@code path} ({@code
   * goldens.graphql_path}).
   */
  public static URI endpoint(URI base, String path) {
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
  }

  public URI endpoint() {
    return endpoint;
  }

  public Duration timeout() {
    return http.timeout();
  }

  /** The token this client presents, fetched now. */
  public BearerToken token() {
    return token.get();
  }

  /**
   * Executes {@code operation} with its variables template filled with {@code values} (see {@link
   * GraphQlVariables}), with this client's token.
   */
  public GraphQlResponse call(GraphQlOperation operation, Map<String, ?> values) {
    return execute(operation, GraphQlVariables.fill(operation.variables(), values));
  }

  /** The same with the given credential, or none at all (the security goldens). */
  public GraphQlResponse call(
      GraphQlOperation operation, Map<String, ?> values, Optional<BearerToken> credential) {
    return execute(operation, GraphQlVariables.fill(operation.variables(), values), credential);
  }

  /** Executes {@code operation} with this client's token. */
  public GraphQlResponse execute(GraphQlOperation operation, Map<String, Object> variables) {
    return execute(operation, variables, Optional.of(token.get()));
  }

  /**
   * Executes {@code operation} with the given credential, or none at all (the security goldens).
   */
  public GraphQlResponse execute(
      GraphQlOperation operation, Map<String, Object> variables, Optional<BearerToken> credential) {
    String what = "GraphQL " + operation.operationName();
    if (operation.persistedQueryHash().isPresent()) {
      String hash = operation.persistedQueryHash().get();
      GraphQlResponse first = post(what, body(operation, variables, false, hash), credential);
      if (!first.errorCodes().stream()
          .anyMatch(
              c -> c.equals("PERSISTED_QUERY_NOT_FOUND") || c.equals("PersistedQueryNotFound"))) {
        return first;
      }
      GraphQlResponse second = post(what, body(operation, variables, true, hash), credential);
      Optional<Duration> server =
          first.serverDuration().flatMap(a -> second.serverDuration().map(a::plus));
      return new GraphQlResponse(
          second.status(),
          second.data(),
          second.errors(),
          first.elapsed().plus(second.elapsed()),
          second.bodyExcerpt(),
          server,
          second.track());
    }
    return post(what, body(operation, variables, true, null), credential);
  }

  private static Map<String, Object> body(
      GraphQlOperation operation,
      Map<String, Object> variables,
      boolean withDocument,
      String hash) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (withDocument) body.put("query", operation.document());
    body.put("operationName", operation.operationName());
    body.put("variables", variables);
    if (hash != null)
      body.put("extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
    return body;
  }

  private GraphQlResponse post(
      String what, Map<String, Object> body, Optional<BearerToken> credential) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .header("Accept", "application/graphql-response+json, application/json")
            .header(SYNTHETIC_HEADER, SYNTHETIC_SOURCE)
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    credential.ifPresent(t -> request.header("Authorization", t.authorizationHeader()));
    Exchange exchange = http.send(what, request);
    JsonNode data = MissingNode.getInstance();
    List<JsonNode> errors = new ArrayList<>();
    String contentType = exchange.response().headers().firstValue("Content-Type").orElse("");
    if (contentType.contains("json") && !exchange.body().isBlank()) {
      JsonNode json = Json.parse(what + " at " + endpoint, exchange.body());
      data = json.path("data");
      json.path("errors").forEach(errors::add);
    } else if (exchange.status() == 200) {
      throw new GoldenException(
          "%s at %s: HTTP 200 but the body is not JSON (Content-Type '%s'); first 200 characters: %s"
              .formatted(what, endpoint, contentType, Excerpts.of(exchange.body())));
    }
    Optional<Duration> server =
        exchange
            .response()
            .headers()
            .firstValue("Server-Timing")
            .flatMap(GraphQlResponse::serverTiming);
    return new GraphQlResponse(
        exchange.status(),
        data,
        errors,
        exchange.elapsed(),
        Excerpts.of(exchange.body()),
        server,
        tracks.of(exchange.response().headers()::firstValue));
  }
}
