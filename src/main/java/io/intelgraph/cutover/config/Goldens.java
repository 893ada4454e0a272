package io.intelgraph.cutover.config;

import java.time.Duration;
import java.util.Optional;

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
 * </pre>
 *
 * @param graphqlPath path of the GraphQL endpoint under {@code endpoints.api}, for HTTP and the WebSocket alike
 * @param expiredToken an expired token the provider itself signed, for the security golden; absent
 *     means that one check reports "not run" (a forged expiry would be rejected for its signature instead)
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
    Optional<Secret> expiredToken) {

  public Goldens {
    if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    if (duration.isNegative()) throw new IllegalArgumentException("duration must not be negative, got " + duration);
    if (callTimeout.isZero() || callTimeout.isNegative() || callTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("call_timeout %s must be above 0 and at most 2m, e.g. 5s".formatted(callTimeout));
    }
    if (!graphqlPath.startsWith("/")) throw new IllegalArgumentException("graphql_path '%s' must start with /, e.g. /graphql".formatted(graphqlPath));
    if (tenant.isBlank() || otherTenant.isBlank()) throw new IllegalArgumentException("tenant and other_tenant are required");
    if (tenant.equals(otherTenant)) {
      throw new IllegalArgumentException("other_tenant must differ from tenant ('%s'): it proves tenant isolation".formatted(tenant));
    }
    if (seedEntityId.isBlank()) throw new IllegalArgumentException("seed_entity_id is required, e.g. seed-tenant-a-root");
    if (neighborhoodLimit < 1) throw new IllegalArgumentException("neighborhood_limit must be at least 1, got " + neighborhoodLimit);
    if (probeKind.isBlank()) throw new IllegalArgumentException("probe_kind is required, e.g. GoldenProbe");
  }

  /** p95 targets per golden measurement. */
  public record Targets(Duration oidcLogin, Duration entityWrite, Duration graphQuery,
      Duration subscriptionConnect, Duration subscriptionEvent) {
    public Targets {
      for (Duration d : new Duration[] {oidcLogin, entityWrite, graphQuery, subscriptionConnect, subscriptionEvent}) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("every target must be above 0, got " + d);
      }
    }
  }

  /** The GraphQL documents the goldens send; the defaults follow the IntelGraph contract. */
  public record Operations(GraphQlOperation createEntity, GraphQlOperation entity, GraphQlOperation deleteEntity,
      GraphQlOperation graphNeighborhood, GraphQlOperation entityCreated) {}
}
