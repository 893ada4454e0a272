package io.intelgraph.cutover.sandbox.cluster;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.intelgraph.cutover.cluster.WeightedRouting;
import io.intelgraph.cutover.sandbox.api.TrafficWeights;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canary's share of traffic as the ingress says it: reads the ALB weighted-routing annotation
 * ({@value ClusterNames#WEIGHTED_ROUTING_ANNOTATION}) of {@value ClusterNames#INGRESS}, so moving
 * the weight in Kubernetes (what a ramp does) moves the sandbox's traffic.
 *
 * <p>Design: the router asks on every request, so the answer is cached for {@link #CACHE_FOR} (250
 * ms), or, given the API server's write count, until a write was accepted (at most {@link
 * #KEEP_UNCHANGED_FOR}). ALB weights are relative, so the percentage is {@code canary / sum * 100},
 * rounded. Anything unreadable (ingress missing, annotation missing or malformed, API server error)
 * routes everything to stable (0 %) and is logged once per distinct problem, not once per request.
 *
 * <pre>{@code new IngressTrafficWeights(cluster.client(), Clock.systemUTC()).canaryPercent()}</pre>
 */
public final class IngressTrafficWeights implements TrafficWeights {

  public static final Duration CACHE_FOR = Duration.ofMillis(250);
  public static final Duration KEEP_UNCHANGED_FOR = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(IngressTrafficWeights.class);

  private record Reading(int canaryPercent, Instant readAt, long writes) {}

  /** A weight, or why there is none. */
  record Parsed(int canaryPercent, String problem) {
    static Parsed ok(int percent) {
      return new Parsed(percent, null);
    }

    static Parsed problem(String problem) {
      return new Parsed(0, problem);
    }
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final LongSupplier writes;
  private volatile Reading cached;
  private String lastProblem;

  public IngressTrafficWeights(KubernetesClient client, Clock clock) {
    this(client, clock, null);
  }

  /**
   * @param writes the API server's count of accepted writes ({@link KubernetesSandbox#writes()}): a
   *     reading is kept while it has not moved
   */
  public IngressTrafficWeights(KubernetesClient client, Clock clock, LongSupplier writes) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writes = writes;
  }

  private boolean fresh(Reading reading, Instant now) {
    if (reading == null) return false;
    Duration age = Duration.between(reading.readAt(), now);
    if (writes == null) return age.compareTo(CACHE_FOR) < 0;
    return reading.writes() == writes.getAsLong() && age.compareTo(KEEP_UNCHANGED_FOR) < 0;
  }

  /** The canary's share of traffic, 0-100. */
  @Override
  public int canaryPercent() {
    Reading reading = cached;
    Instant now = clock.instant();
    if (fresh(reading, now)) return reading.canaryPercent();
    synchronized (this) {
      reading = cached;
      if (fresh(reading, now)) return reading.canaryPercent();
      // the count before the read: a write landing during it makes the next call read again
      long writesBefore = writes == null ? 0 : writes.getAsLong();
      Parsed parsed = read();
      if (parsed.problem() != null && !parsed.problem().equals(lastProblem)) {
        LOG.warn("routing 100% to stable: {}", parsed.problem());
      }
      lastProblem = parsed.problem();
      cached = new Reading(parsed.canaryPercent(), now, writesBefore);
      return parsed.canaryPercent();
    }
  }

  private Parsed read() {
    Ingress ingress;
    try {
      ingress =
          client
              .network()
              .v1()
              .ingresses()
              .inNamespace(ClusterNames.NAMESPACE)
              .withName(ClusterNames.INGRESS)
              .get();
    } catch (KubernetesClientException e) {
      return Parsed.problem(
          "could not read ingress %s/%s: %s"
              .formatted(ClusterNames.NAMESPACE, ClusterNames.INGRESS, e.getMessage()));
    }
    if (ingress == null) {
      return Parsed.problem(
          "ingress %s/%s does not exist".formatted(ClusterNames.NAMESPACE, ClusterNames.INGRESS));
    }
    String annotation =
        ingress.getMetadata().getAnnotations() == null
            ? null
            : ingress.getMetadata().getAnnotations().get(ClusterNames.WEIGHTED_ROUTING_ANNOTATION);
    return parse(annotation, ClusterNames.CANARY_SERVICE);
  }

  /** Parses the ALB forward action; pure, for tests. */
  static Parsed parse(String annotation, String canaryService) {
    String where =
        "annotation %s on ingress %s/%s"
            .formatted(
                ClusterNames.WEIGHTED_ROUTING_ANNOTATION,
                ClusterNames.NAMESPACE,
                ClusterNames.INGRESS);
    WeightedRouting routing;
    try {
      routing = WeightedRouting.parse(annotation);
    } catch (IllegalArgumentException e) {
      return Parsed.problem(
          where
              + ": "
              + e.getMessage()
              + "; set it to an ALB forward action with target-group weights");
    }
    if (routing.weights().values().stream().mapToInt(Integer::intValue).sum() == 0) {
      return Parsed.problem(
          "%s gives every target group weight 0: '%s'".formatted(where, annotation));
    }
    return Parsed.ok(routing.canaryPercent(canaryService));
  }
}
