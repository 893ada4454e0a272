package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.sandbox.cluster.ClusterNames;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Stand-ins for two exporters production's Prometheus scrapes, each on its own path and scraped as
 * its own job, under the names the real exporters use:
 *
 * <ul>
 *   <li>{@code /neo4j/metrics}: Neo4j 5's Prometheus endpoint, the global page-cache counters
 *       {@code neo4j_dbms_page_cache_hits_total} and {@code
 *       neo4j_dbms_page_cache_page_faults_total} (<a
 *       href="https://neo4j.com/docs/operations-manual/current/monitoring/metrics/reference/">metrics
 *       reference</a>): about 98 % hits, about 32 % under {@link Fault#PAGE_CACHE_MISSES};
 *   <li>{@code /kube-state-metrics/metrics}: kube-state-metrics' HPA series {@code
 *       kube_horizontalpodautoscaler_status_desired_replicas} and {@code ..._current_replicas} (<a
 *       href="https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/horizontalpodautoscaler-metrics.md">HPA
 *       metrics</a>) for the API's autoscaler, which scales between 3 and 4 replicas every 20 s.
 * </ul>
 *
 * (Alertmanager's notification counters are the real Alertmanager's, {@code
 * io.intelgraph.cutover.sandbox.prometheus.Alertmanager}.)
 *
 * <p>Counters advance with the clock at the rate of the fault active at each read.
 */
public final class PlatformExportersStandIn implements AutoCloseable {

  public static final String NEO4J_JOB = "neo4j";
  public static final String KUBE_STATE_METRICS_JOB = "kube-state-metrics";

  /** The API's HorizontalPodAutoscaler, named like its deployment. */
  public static final String API_HPA = ClusterNames.STABLE_DEPLOYMENT;

  static final double HITS_PER_SECOND = 980;
  static final double FAULTS_PER_SECOND = 20;
  static final double FAULTS_PER_SECOND_MISSING = 2000;
  static final long SCALE_PERIOD_SECONDS = 20;

  private final StandInServer server;
  private final Clock clock;
  private final FaultSwitch faults;
  private Instant last;
  private double hits;
  private double pageFaults;

  private PlatformExportersStandIn(FaultSwitch faults, Clock clock) {
    this.faults = faults;
    this.clock = clock;
    this.last = clock.instant();
    this.server =
        new StandInServer(
            "platform-exporters",
            Map.of(
                "/neo4j/metrics", text(r -> neo4j()),
                "/kube-state-metrics/metrics", text(r -> kubeStateMetrics())));
  }

  public static PlatformExportersStandIn start(FaultSwitch faults, Clock clock) {
    return new PlatformExportersStandIn(faults, clock);
  }

  /** Job name to the metrics URL Prometheus scrapes for it. */
  public Map<String, URI> metricsUrls() {
    return Map.of(
        NEO4J_JOB,
        server.baseUrl().resolve("/neo4j/metrics"),
        KUBE_STATE_METRICS_JOB,
        server.baseUrl().resolve("/kube-state-metrics/metrics"));
  }

  private static Function<StandInServer.Request, StandInServer.Response> text(
      Function<StandInServer.Request, String> body) {
    return request ->
        "GET".equals(request.method())
            ? new StandInServer.Response(
                200, "text/plain; version=0.0.4; charset=utf-8", body.apply(request))
            : StandInServer.Response.methodNotAllowed(request, "GET");
  }

  private synchronized void advance() {
    Instant now = clock.instant();
    double seconds = Math.max(0, (now.toEpochMilli() - last.toEpochMilli()) / 1000.0);
    last = now;
    hits += HITS_PER_SECOND * seconds;
    pageFaults +=
        (faults.is(Fault.PAGE_CACHE_MISSES) ? FAULTS_PER_SECOND_MISSING : FAULTS_PER_SECOND)
            * seconds;
  }

  private String neo4j() {
    advance();
    return """
        # HELP neo4j_dbms_page_cache_hits_total The total number of page hits happened in the page cache.
        # TYPE neo4j_dbms_page_cache_hits_total counter
        neo4j_dbms_page_cache_hits_total %s
        # HELP neo4j_dbms_page_cache_page_faults_total The total number of page faults happened in the page cache.
        # TYPE neo4j_dbms_page_cache_page_faults_total counter
        neo4j_dbms_page_cache_page_faults_total %s
        """
        .formatted(number(Math.floor(hits)), number(Math.floor(pageFaults)));
  }

  private String kubeStateMetrics() {
    long replicas = 3 + (clock.instant().getEpochSecond() / SCALE_PERIOD_SECONDS) % 2;
    String labels =
        "namespace=\"%s\",horizontalpodautoscaler=\"%s\""
            .formatted(ClusterNames.NAMESPACE, API_HPA);
    return """
        # HELP kube_horizontalpodautoscaler_status_desired_replicas Desired number of replicas of pods managed by this autoscaler.
        # TYPE kube_horizontalpodautoscaler_status_desired_replicas gauge
        kube_horizontalpodautoscaler_status_desired_replicas{%1$s} %2$d
        # HELP kube_horizontalpodautoscaler_status_current_replicas Current number of replicas of pods managed by this autoscaler.
        # TYPE kube_horizontalpodautoscaler_status_current_replicas gauge
        kube_horizontalpodautoscaler_status_current_replicas{%1$s} %2$d
        """
        .formatted(labels, replicas);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.0f", value);
  }

  @Override
  public void close() {
    server.close();
  }
}
