package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.config.GraphQlOperation;
import io.intelgraph.cutover.support.Excerpts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The subscription golden over {@code graphql-transport-ws}: connect, {@code connection_init} with
 * the bearer token, {@code connection_ack}, subscribe to {@code entityCreated(tenantId)}, make sure
 * the server registered it (ping/pong), write an entity with a unique marker, receive the matching
 * {@code next}, {@code complete}, close normally, delete the entity.
 *
 * <p>Measured: {@value #CONNECT} (TCP + upgrade + ack) and {@value #EVENT} (from sending the write
 * to receiving its event). Every step is bounded by the call timeout and a timeout names the step.
 * An event of another tenant on this subscription fails the golden at once: it is a tenant
 * isolation breach.
 *
 * <pre>{@code
 * URI ws = SubscriptionGolden.webSocketUri(api.endpoint());
 * GoldenResult result = new SubscriptionGolden(ws, api, env.goldens().operations(), "tenant-a", "GoldenProbe").run();
 * }</pre>
 */
public final class SubscriptionGolden {

  public static final String NAME = "Subscription";
  public static final String CONNECT = "subscription connect";
  public static final String EVENT = "subscription event";

  private final URI webSocket;
  private final GraphQlClient api;
  private final Goldens.Operations operations;
  private final String tenant;
  private final EntityWriteGolden writer;

  public SubscriptionGolden(
      URI webSocket,
      GraphQlClient api,
      Goldens.Operations operations,
      String tenant,
      String probeKind) {
    this.webSocket = webSocket;
    this.api = api;
    this.operations = operations;
    this.tenant = tenant;
    this.writer = new EntityWriteGolden(api, operations, tenant, probeKind);
  }

  /** The WebSocket URI of a GraphQL HTTP endpoint: http becomes ws, https becomes wss. */
  public static URI webSocketUri(URI graphqlEndpoint) {
    String scheme = graphqlEndpoint.getScheme();
    String ws =
        "https".equalsIgnoreCase(scheme) ? "wss" : "http".equalsIgnoreCase(scheme) ? "ws" : scheme;
    return URI.create(ws + graphqlEndpoint.toString().substring(scheme.length()));
  }

  public GoldenResult run() {
    Instant startedAt = Instant.now();
    Map<String, Duration> timings = new LinkedHashMap<>();
    EntityWriteGolden.Created created = null;
    String failure = null;
    GraphQlWsSession session = null;
    ServingTrack track = ServingTrack.UNKNOWN;
    try {
      session = GraphQlWsSession.open(webSocket, api.token(), api.timeout());
      track =
          api.tracks()
              .of(
                  session
                      ::upgradeHeader); // the subscription lives on the track that took the upgrade
      timings.put(CONNECT, session.connectElapsed());
      String id = UUID.randomUUID().toString();
      session.subscribe(
          id,
          operations.entityCreated(),
          GraphQlVariables.fill(operations.entityCreated().variables(), Map.of("tenant", tenant)));
      session.barrier("subscribe acknowledged (ping/pong after subscribe)");
      String marker = EntityWriteGolden.newMarker();
      long writeStart = System.nanoTime();
      created = writer.create(marker);
      timings.put("write", created.elapsed());
      session.awaitNext(
          id, "event for the write (marker " + marker + ")", payload -> matches(payload, marker));
      timings.put(EVENT, Duration.ofNanos(System.nanoTime() - writeStart));
      session.complete(id);
    } catch (GoldenException e) {
      failure = e.getMessage();
    } finally {
      if (session != null) {
        session.close();
        if (!session.isClosed() && failure == null) {
          failure =
              "subscription: the close handshake with %s did not finish within %d ms"
                  .formatted(webSocket, api.timeout().toMillis());
        }
      }
      if (created != null) {
        try {
          writer.delete(created.id());
        } catch (GoldenException e) {
          failure =
              (failure == null ? "" : failure + "; and ")
                  + "clean-up left entity "
                  + created.id()
                  + " behind: "
                  + e.getMessage();
        }
      }
    }
    return (failure == null
            ? GoldenResult.passed(NAME, startedAt, timings)
            : GoldenResult.failed(NAME, startedAt, timings, failure))
        .servedBy(track);
  }

  private boolean matches(JsonNode payload, String marker) {
    GraphQlOperation operation = operations.entityCreated();
    GraphQlResponse event =
        new GraphQlResponse(200, payload.path("data"), List.of(), Duration.ZERO, "");
    JsonNode entity = event.at(operation.pointer("entity").orElseThrow());
    String eventTenant =
        operation.pointer("tenant").map(p -> event.at(p).asString(null)).orElse(null);
    if (eventTenant != null && !tenant.equals(eventTenant)) {
      throw new GoldenException(
          "subscription: %s for tenant %s delivered an entity of tenant '%s' (%s); tenant isolation is broken"
              .formatted(
                  operation.operationName(), tenant, eventTenant, Excerpts.of(entity.toString())));
    }
    return EntityWriteGolden.carriesMarker(event, operation, marker);
  }
}
