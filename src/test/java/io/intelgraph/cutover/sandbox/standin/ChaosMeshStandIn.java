package io.intelgraph.cutover.sandbox.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for Chaos Mesh's controller running a scheduled partition of the API from Neo4j, and for
 * the API's circuit breaker towards Neo4j. In cycles of {@code injected + recovered}: the partition
 * is injected (the {@code NetworkChaos} status gets {@code AllInjected=True} and an {@code Apply}
 * event, as Chaos Mesh records it), the breaker opens {@code breakerDelay} later, and on recovery
 * ({@code AllRecovered=True}, a {@code Recover} event) it closes. The breaker's state is served at
 * {@code /metrics} the way resilience4j's Micrometer binding names it: {@code
 * resilience4j_circuitbreaker_state{name="neo4j",state="open"} 1}. While no NetworkChaos of that
 * name exists nothing is partitioned and the breaker stays closed, so an experiment the suite
 * creates (and deletes) is applied when it appears, as Chaos Mesh's controller would.
 */
public final class ChaosMeshStandIn implements AutoCloseable {

  private static final ResourceDefinitionContext NETWORK_CHAOS =
      new ResourceDefinitionContext.Builder()
          .withGroup("chaos-mesh.org")
          .withVersion("v1alpha1")
          .withKind("NetworkChaos")
          .withPlural("networkchaos")
          .withNamespaced(true)
          .build();

  private static final Logger LOG = LoggerFactory.getLogger(ChaosMeshStandIn.class);
  public static final String BREAKER = "neo4j";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private final Duration injected;
  private final Duration recovered;
  private final Duration breakerDelay;
  private final Instant start;
  private final StandInServer server;
  private final ScheduledExecutorService loop;
  private volatile boolean breakerOpen;
  private long cycleWritten = -1;
  private boolean injectedWritten;
  private boolean exists;
  private final LongSupplier writes;
  private long writesRead = -1;
  private GenericKubernetesResource lastRead;

  private ChaosMeshStandIn(
      KubernetesClient client,
      String namespace,
      String name,
      Clock clock,
      Duration injected,
      Duration recovered,
      Duration breakerDelay,
      LongSupplier writes) {
    this.client = client;
    this.writes = writes;
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
    this.injected = injected;
    this.recovered = recovered;
    this.breakerDelay = breakerDelay;
    this.start = clock.instant();
    this.server =
        new StandInServer(
            "chaos-mesh",
            Map.of(
                "/metrics",
                request ->
                    "GET".equals(request.method())
                        ? new StandInServer.Response(
                            200, "text/plain; version=0.0.4; charset=utf-8", render(breakerOpen))
                        : StandInServer.Response.methodNotAllowed(request, "GET")));
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-chaos-mesh");
              thread.setDaemon(true);
              return thread;
            });
    loop.scheduleWithFixedDelay(this::advance, 0, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts cycling the NetworkChaos {@code namespace/name}: injected 6 s, recovered 4 s, the
   * breaker opening 1 s after the injection.
   */
  public static ChaosMeshStandIn start(
      KubernetesClient client, String namespace, String name, Clock clock) {
    return start(client, namespace, name, clock, null);
  }

  /**
   * As {@link #start(KubernetesClient, String, String, Clock)}; {@code writes}, the API server's
   * count of accepted writes, lets it keep the NetworkChaos it read while nothing was written (what
   * a watch tells Chaos Mesh's controller) instead of asking five times a second.
   */
  public static ChaosMeshStandIn start(
      KubernetesClient client, String namespace, String name, Clock clock, LongSupplier writes) {
    return new ChaosMeshStandIn(
        client,
        namespace,
        name,
        clock,
        Duration.ofSeconds(6),
        Duration.ofSeconds(4),
        Duration.ofSeconds(1),
        writes);
  }

  public URI metricsUrl() {
    return server.baseUrl().resolve("/metrics");
  }

  static String render(boolean open) {
    return """
        # HELP resilience4j_circuitbreaker_state The states of the circuit breaker (sandbox stand-in)
        # TYPE resilience4j_circuitbreaker_state gauge
        resilience4j_circuitbreaker_state{name="%s",state="closed"} %d
        resilience4j_circuitbreaker_state{name="%s",state="open"} %d
        """
        .formatted(BREAKER, open ? 0 : 1, BREAKER, open ? 1 : 0);
  }

  private void advance() {
    try {
      long period = injected.plus(recovered).toMillis();
      long elapsed = Duration.between(start, clock.instant()).toMillis();
      long cycle = elapsed / period;
      long into = elapsed % period;
      boolean inPartition = into < injected.toMillis();
      GenericKubernetesResource chaos = read();
      // like Chaos Mesh, nothing is partitioned while no NetworkChaos exists (the suite may create
      // and delete it); one that appears mid-partition is applied when it is first seen
      boolean appeared = chaos != null && !exists;
      exists = chaos != null;
      breakerOpen = exists && inPartition && into >= breakerDelay.toMillis();
      if (chaos == null || (!appeared && cycle == cycleWritten && inPartition == injectedWritten))
        return;
      Instant cycleStart = start.plusMillis(cycle * period);
      Instant applied = appeared && inPartition ? clock.instant() : cycleStart;
      write(chaos, inPartition, applied, cycleStart.plus(injected));
      cycleWritten = cycle;
      injectedWritten = inPartition;
    } catch (KubernetesClientException e) {
      // the API server going away at shutdown, or a concurrent edit: the next tick writes again
      LOG.debug(
          "chaos stand-in could not update NetworkChaos {}/{}: {}",
          namespace,
          name,
          e.getMessage());
    }
  }

  /** The NetworkChaos, read again only when the API server accepted a write since the last read. */
  private GenericKubernetesResource read() {
    if (writes == null) return resource().get();
    long before = writes.getAsLong();
    if (before == writesRead) return lastRead;
    // counted before the read: a write landing during it makes the next tick read again
    lastRead = resource().get();
    writesRead = before;
    return lastRead;
  }

  private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource() {
    return client.genericKubernetesResources(NETWORK_CHAOS).inNamespace(namespace).withName(name);
  }

  private void write(
      GenericKubernetesResource chaos,
      boolean inPartition,
      Instant appliedAt,
      Instant recoveredAt) {
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(
        Map.of("type", "Succeeded", "operation", "Apply", "timestamp", appliedAt.toString()));
    if (!inPartition)
      events.add(
          Map.of("type", "Succeeded", "operation", "Recover", "timestamp", recoveredAt.toString()));
    Map<String, Object> record =
        Map.of(
            "id",
            namespace + "/intelgraph-api",
            "kind",
            "Pod",
            "phase",
            inPartition ? "Injected" : "Not Injected",
            "injectedCount",
            1,
            "recoveredCount",
            inPartition ? 0 : 1,
            "events",
            events);
    chaos
        .getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "conditions",
                    List.of(
                        Map.of("type", "Selected", "status", "True"),
                        Map.of("type", "AllInjected", "status", inPartition ? "True" : "False"),
                        Map.of("type", "AllRecovered", "status", inPartition ? "False" : "True"),
                        Map.of("type", "Paused", "status", "False")),
                "experiment", Map.of("desiredPhase", "Run", "containerRecords", List.of(record))));
    resource().updateStatus(chaos);
  }

  @Override
  public void close() {
    loop.shutdownNow();
    server.close();
  }
}
