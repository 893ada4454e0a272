package io.intelgraph.cutover.sandbox.api;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * One track's Prometheus registry, exposed on that track's own {@code /metrics}. Classic histogram
 * buckets only, so PromQL {@code histogram_quantile} over {@code _bucket} works on any Prometheus.
 * The known request series are initialised at zero, so a 5xx ratio is 0, not "no data", before the
 * first error.
 */
final class TrackMetrics {

  static final double[] LATENCY_BUCKETS = {
    .005, .01, .025, .05, .1, .15, .2, .25, .3, .35, .4, .5, .7, 1, 1.2, 1.5, 2, 3, 5
  };
  static final String ROUTE_GRAPHQL = "/graphql";
  static final String ROUTE_HEALTH = "/api/health";
  static final String ROUTE_OTHER = "other";

  private final String track;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Histogram requestDuration;
  private final Counter requests;
  private final Histogram graphQueryDuration;
  private final Gauge websocketConnections;
  private final Counter operations;
  private final Counter subscriptionEvents;
  private final Counter syntheticRequests;

  TrackMetrics(Track track) {
    this.track = Objects.requireNonNull(track, "track").label();
    requestDuration =
        Histogram.builder()
            .name("http_request_duration_seconds")
            .help("Server-side duration of every HTTP request, including 401s and 5xx")
            .labelNames("track", "route", "method", "region")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    requests =
        Counter.builder()
            .name("http_requests_total")
            .help(
                "HTTP requests by final status code and the tenant they acted for (x-tenant-id, empty if none)")
            .labelNames("track", "route", "method", "status_code", "tenant")
            .register(registry);
    graphQueryDuration =
        Histogram.builder()
            .name("graph_query_duration_seconds")
            .help("Server-side duration of graphNeighborhood requests by requested hops")
            .labelNames("track", "hops")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    websocketConnections =
        Gauge.builder()
            .name("websocket_connections_active")
            .help("Open graphql-transport-ws connections")
            .labelNames("track")
            .register(registry);
    operations =
        Counter.builder()
            .name("graphql_operations_total")
            .help("GraphQL operations by root field and outcome (success, error, forbidden)")
            .labelNames("track", "operation", "outcome")
            .register(registry);
    subscriptionEvents =
        Counter.builder()
            .name("graphql_subscription_events_total")
            .help("Subscription events published to subscribers: delivered or dropped")
            .labelNames("track", "outcome")
            .register(registry);
    syntheticRequests =
        Counter.builder()
            .name("http_synthetic_requests_total")
            .help(
                "Requests marked X-Synthetic-Probe (the cutover's own probes), kept out of the SLO series")
            .labelNames("track", "route", "method", "status_code")
            .register(registry);
    initialiseKnownSeries();
  }

  private void initialiseKnownSeries() {
    for (String status : List.of("200", "400", "401", "500", "503")) {
      requests.labelValues(this.track, ROUTE_GRAPHQL, "POST", status, "");
    }
    requests.labelValues(this.track, ROUTE_HEALTH, "GET", "200", "");
    requests.labelValues(this.track, ROUTE_HEALTH, "GET", "503", "");
    for (String region : Regions.ALL) {
      requestDuration.labelValues(this.track, ROUTE_GRAPHQL, "POST", region);
    }
    requestDuration.labelValues(this.track, ROUTE_HEALTH, "GET", Regions.DEFAULT);
    graphQueryDuration.labelValues(this.track, "3");
    websocketConnections.labelValues(this.track).set(0);
    subscriptionEvents.labelValues(this.track, "delivered");
    subscriptionEvents.labelValues(this.track, "dropped");
  }

  static String routeOf(String path) {
    return switch (path) {
      case ROUTE_GRAPHQL, ROUTE_HEALTH -> path;
      default -> ROUTE_OTHER;
    };
  }

  void request(
      String route, String method, int status, double seconds, String tenant, String region) {
    requestDuration.labelValues(track, route, method, region).observe(seconds);
    requests.labelValues(track, route, method, Integer.toString(status), tenant).inc();
  }

  void syntheticRequest(String route, String method, int status) {
    syntheticRequests.labelValues(track, route, method, Integer.toString(status)).inc();
  }

  void graphQuery(int hops, double seconds) {
    graphQueryDuration.labelValues(track, Integer.toString(hops)).observe(seconds);
  }

  void operation(String operation, String outcome) {
    operations.labelValues(track, operation, outcome).inc();
  }

  void subscriptionEvent(boolean delivered) {
    subscriptionEvents.labelValues(track, delivered ? "delivered" : "dropped").inc();
  }

  void websocketOpened() {
    websocketConnections.labelValues(track).inc();
  }

  void websocketClosed() {
    websocketConnections.labelValues(track).dec();
  }

  String contentType() {
    return writer.getContentType();
  }

  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the %s track's metrics".formatted(track), e);
    }
    return out.toByteArray();
  }
}
