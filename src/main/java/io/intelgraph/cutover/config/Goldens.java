package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The golden transactions: who they act as, what they send, how often, and how fast they must be.
 * The runbook gives no latency targets for them; the defaults are the suite's (3-hop reuses the
 * runbook's 1,200 ms graph query SLO).
 *
 * <pre>
 * goldens:
 *   samples: 5            # at least this many runs per golden
 *   duration: 0s          # and at least this long (0s: just the samples)
 *   call_timeout: 5s      # every network call is bounded by this
 *   tenant: tenant-a
 *   other_tenant: tenant-b
 *   seed_entity_id: seed-tenant-a-root
 *   targets: {oidc_login: 1500ms, entity_write: 500ms, graph_query: 1200ms, subscription_connect: 1000ms, subscription_event: 2000ms}
 *   track_header: x-track          # the response header the edge sets with the track that answered (absent: none)
 *   track_values: {canary: [canary], stable: [stable]}
 *   canary_max_runs: 100           # the canary's goldens stop here if `samples` canary-served runs were not reached
 *   canary_max_duration: 2m        # ... or here
 * </pre>
 *
 * @param graphqlPath path of the GraphQL endpoint under {@code endpoints.api}, for HTTP and the
 *     WebSocket alike
 * @param http which HTTP version to speak (auto: HTTP/1.1 on cleartext, HTTP/2 where TLS negotiates
 *     it)
 * @param token how the API goldens get their tokens: the interactive login or client credentials
 * @param expiredToken an expired token the provider itself signed, for the security golden; absent
 *     means that one check reports "not run" (a forged expiry would be rejected for its signature
 *     instead)
 * @param trackHeader the response header (HTTP and the WebSocket upgrade) in which the edge names
 *     the track that served a request; absent, only {@code endpoints.canary_api} can prove a sample
 *     reached the canary
 * @param trackValues which values of {@code track_header} mean the canary and which the stable
 *     track
 * @param canaryMaxRuns the canary's goldens run until {@code samples} runs were served by the
 *     canary, at most this many runs in all
 * @param canaryMaxDuration ... and at most this long
 */
public record Goldens(
    int samples,
    Duration duration,
    Duration callTimeout,
    String graphqlPath,
    String tenant,
    String otherTenant,
    String seedEntityId,
    int neighborhoodLimit,
    String probeKind,
    Targets targets,
    Operations operations,
    Optional<Secret> expiredToken,
    Optional<String> trackHeader,
    TrackValues trackValues,
    int canaryMaxRuns,
    Duration canaryMaxDuration,
    HttpProtocol http,
    TokenSource token) {

  /** How the API goldens get their tokens ({@code goldens.token}). */
  public enum TokenSource {
    /**
     * the interactive login (authorization code + PKCE) of {@code oidc.login} users, as people do
     */
    LOGIN,
    /**
     * the client credentials grant of {@code oidc.client_id} (and of {@code
     * oidc.other_tenant_client_id} for the other tenant)
     */
    CLIENT_CREDENTIALS
  }

  public Goldens {
    if (samples < 1)
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    if (duration.isNegative())
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    if (callTimeout.isZero()
        || callTimeout.isNegative()
        || callTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException(
          "call_timeout %s must be above 0 and at most 2m, e.g. 5s".formatted(callTimeout));
    }
    if (!graphqlPath.startsWith("/"))
      throw new IllegalArgumentException(
          "graphql_path '%s' must start with /, e.g. /graphql".formatted(graphqlPath));
    if (tenant.isBlank() || otherTenant.isBlank())
      throw new IllegalArgumentException("tenant and other_tenant are required");
    if (tenant.equals(otherTenant)) {
      throw new IllegalArgumentException(
          "other_tenant must differ from tenant ('%s'): it proves tenant isolation"
              .formatted(tenant));
    }
    if (seedEntityId.isBlank())
      throw new IllegalArgumentException("seed_entity_id is required, e.g. seed-tenant-a-root");
    if (neighborhoodLimit < 1)
      throw new IllegalArgumentException(
          "neighborhood_limit must be at least 1, got " + neighborhoodLimit);
    if (probeKind.isBlank())
      throw new IllegalArgumentException("probe_kind is required, e.g. GoldenProbe");
    trackHeader.ifPresent(
        header -> {
          if (!HEADER_NAME.matcher(header).matches()) {
            throw new IllegalArgumentException(
                "track_header '%s' is not an HTTP header name (RFC 9110 token); give the header the edge sets, e.g. x-track"
                    .formatted(header));
          }
        });
    if (canaryMaxRuns < samples) {
      throw new IllegalArgumentException(
          "canary_max_runs %d is below samples %d: the canary's goldens could never reach their samples; raise it, e.g. %d"
              .formatted(canaryMaxRuns, samples, samples * 20));
    }
    if (canaryMaxDuration.isZero() || canaryMaxDuration.isNegative()) {
      throw new IllegalArgumentException(
          "canary_max_duration %s must be above 0, e.g. 2m".formatted(canaryMaxDuration));
    }
  }

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /**
   * The values of {@code track_header} that name each track, compared ignoring case; a value in
   * neither list is an unknown track.
   */
  public record TrackValues(List<String> canary, List<String> stable) {
    public TrackValues {
      canary = List.copyOf(canary);
      stable = List.copyOf(stable);
      if (canary.isEmpty() || stable.isEmpty()) {
        throw new IllegalArgumentException(
            "track_values needs at least one value per track, e.g. {canary: [canary], stable: [stable]}");
      }
      for (String value : canary) {
        if (stable.stream().anyMatch(value::equalsIgnoreCase)) {
          throw new IllegalArgumentException(
              "track_values: '%s' is listed for both canary and stable; a value must name one track"
                  .formatted(value));
        }
      }
    }
  }

  /** p95 targets per golden measurement. */
  public record Targets(
      Duration oidcLogin,
      Duration entityWrite,
      Duration graphQuery,
      Duration subscriptionConnect,
      Duration subscriptionEvent) {
    public Targets {
      for (Duration d :
          new Duration[] {
            oidcLogin, entityWrite, graphQuery, subscriptionConnect, subscriptionEvent
          }) {
        if (d.isZero() || d.isNegative())
          throw new IllegalArgumentException("every target must be above 0, got " + d);
      }
    }
  }

  /**
   * The GraphQL documents the goldens send and where they read the answers; the defaults follow the
   * IntelGraph contract. Each operation must say where to find what its golden checks (see
   * docs/operations.md, "What each golden sends and reads").
   */
  public record Operations(
      GraphQlOperation createEntity,
      GraphQlOperation entity,
      GraphQlOperation deleteEntity,
      GraphQlOperation graphNeighborhood,
      GraphQlOperation entityCreated) {
    public Operations {
      requireReads("create_entity", createEntity, List.of("id"), List.of());
      requireReads("entity", entity, List.of("entity", "id"), List.of("labels", "marker"));
      requireReads("delete_entity", deleteEntity, List.of("deleted"), List.of());
      requireReads(
          "graph_neighborhood",
          graphNeighborhood,
          List.of("entities", "entity_id"),
          List.of("entity_depth", "edges", "depth"));
      if (graphNeighborhood.pointer("edges").isPresent()) {
        requireReads(
            "graph_neighborhood", graphNeighborhood, List.of("edge_from", "edge_to"), List.of());
      }
      requireReads("entity_created", entityCreated, List.of("entity"), List.of("labels", "marker"));
    }

    private static void requireReads(
        String name, GraphQlOperation operation, List<String> all, List<String> oneOf) {
      for (String read : all) {
        if (operation.pointer(read).isEmpty()) {
          throw new IllegalArgumentException(
              "operations.%s.read.%s is missing; give the JSON Pointer of it in the answer, e.g. %s"
                  .formatted(name, read, EXAMPLES.getOrDefault(read, "/data/...")));
        }
      }
      if (!oneOf.isEmpty()
          && oneOf.stream().noneMatch(read -> operation.pointer(read).isPresent())) {
        throw new IllegalArgumentException(
            "operations.%s.read needs at least one of %s; give its JSON Pointer in the answer"
                .formatted(name, oneOf));
      }
    }

    private static final java.util.Map<String, String> EXAMPLES =
        java.util.Map.of(
            "id",
            "/data/createEntity/id",
            "entity",
            "/data/entity",
            "deleted",
            "/data/deleteEntity",
            "entities",
            "/data/graphNeighborhood/entities",
            "entity_id",
            "/id (relative to each entity)",
            "edge_from",
            "/from (relative to each edge)",
            "edge_to",
            "/to (relative to each edge)");
  }
}
