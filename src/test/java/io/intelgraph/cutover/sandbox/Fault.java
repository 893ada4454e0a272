package io.intelgraph.cutover.sandbox;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A named fault scenario of the sandbox, switchable at runtime, so the suite's own tests can drive
 * every verdict path for real: {@code sandbox.faults().activate(Fault.CANARY_5XX)}.
 */
public enum Fault {
  /** Everything nominal. */
  HEALTHY("healthy"),
  /** The canary track answers a large share of requests with 5xx. */
  CANARY_5XX("canary-5xx"),
  /** The canary track adds latency well above the p95/p99 targets. */
  CANARY_LATENCY("canary-latency"),
  /** A short burst of errors and latency on the canary, then recovery on its own. */
  BRIEF_SPIKE("brief-spike"),
  /** The canary's token validation regresses: valid tokens rejected, forged ones accepted. */
  AUTH_REGRESSION("auth-regression"),
  /** The consumer lag stand-in grows past its threshold. */
  KAFKA_LAG("kafka-lag"),
  /** Prometheus stops answering. */
  PROMETHEUS_DOWN("prometheus-down"),
  /** The realtime subscription accepts connections but never delivers events. */
  SUBSCRIPTION_DROP("subscription-drop"),
  /** The canary track is down: every request to it, its metrics scrape included, gets 503. */
  CANARY_DOWN("canary-down"),
  /**
   * The sandbox's PostgreSQL is stopped (restarted when another fault is activated), so the
   * blackbox exporter's probe of its port fails.
   */
  DATABASE_DOWN("database-down"),
  /**
   * The load generator sends most traffic for one tenant (tenant-a), far above the KPI watch's 20
   * %.
   */
  TENANT_SKEW("tenant-skew"),
  /** Requests served in the APAC region get the canary-latency delay on every track. */
  APAC_LATENCY("apac-latency"),
  /** The Neo4j stand-in's page cache misses: most page accesses fault. */
  PAGE_CACHE_MISSES("page-cache-misses"),
  /** Kubecost's network (egress) cost of the Kafka namespace jumps twentyfold. */
  KAFKA_EGRESS_SPIKE("kafka-egress-spike"),
  /**
   * Both tracks answer the canary-5xx share of requests with 5xx, so Prometheus' burn-rate alert
   * fires and the real Alertmanager pages PagerDuty (the sandbox's sink) until it resolves.
   */
  PAGE_STORM("page-storm"),
  /** Kubecost's last day of the namespace's cost is five times the days before it. */
  COST_ANOMALY("cost-anomaly"),
  /**
   * The canary is clearly slower than stable (~60 ms vs a few ms) yet under every absolute latency
   * threshold.
   */
  CANARY_SLOWER("canary-slower"),
  /**
   * The canary answers ~0.6 % of requests with 5xx, stable none: under the 1 % threshold, yet a
   * regression.
   */
  CANARY_ERRORS_UNDER_SLO("canary-errors-under-slo"),
  /**
   * The policy engine fails: every request to the OPA stand-in, decisions, health and metrics
   * scrape included, gets 503.
   */
  OPA_DOWN("opa-down"),
  /**
   * OPA answers from an older policy bundle than the release's: its provenance reports {@code
   * OpaStandIn.STALE_REVISION}.
   */
  OPA_BUNDLE_STALE("opa-bundle-stale"),
  /**
   * Both tracks answer the canary-5xx share of requests with 5xx (a shared dependency broke): the
   * rollback moves the traffic back to a stable that fails as well, so it must not end DONE.
   */
  API_5XX("api-5xx"),
  /**
   * The lock's chart upgrade leaves canary routing on: the sandbox's lock script records the
   * release with {@code ingress.traffic.canary.enabled=true} and leaves 10 % on stable, so the lock
   * line fails.
   */
  LOCK_KEEPS_CANARY("lock-keeps-canary"),
  /**
   * One route breaks while the total stays under the SLO: the canary answers every fourth request
   * to {@code GET /api/health}, a low-volume route (one request in fifty of the load), with 503, so
   * that route's 5xx ratio is ~25 % while the canary's over all routes stays near 0.5 %, under the
   * 1 % threshold. Only a gate per route ({@code group_by: [route]}) sees it.
   */
  ROUTE_5XX("route-5xx");

  private final String scenario;

  Fault(String scenario) {
    this.scenario = scenario;
  }

  /** The scenario's name as users type it, e.g. {@code canary-5xx}. */
  public String scenario() {
    return scenario;
  }

  /** Parses a scenario name; the error lists every valid name. */
  public static Fault byScenario(String name) {
    for (Fault fault : values()) {
      if (fault.scenario.equals(name)) {
        return fault;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault scenario '%s'; expected one of: %s"
            .formatted(
                name,
                Arrays.stream(values()).map(Fault::scenario).collect(Collectors.joining(", "))));
  }
}
