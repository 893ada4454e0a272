package io.intelgraph.cutover.chaos;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.prometheus.PromQlClient;
import io.intelgraph.cutover.prometheus.PromQlException;
import io.intelgraph.cutover.prometheus.QueryResult;
import io.intelgraph.cutover.support.StepLog;
import io.intelgraph.cutover.waiting.BoundedWait;
import io.intelgraph.cutover.waiting.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a network partition activated the circuit breaker within a bound. The partition is a
 * Chaos Mesh {@code NetworkChaos} ({@code chaos-mesh.org/v1alpha1}); the suite reads its status as
 * Chaos Mesh documents it (https://chaos-mesh.org/docs/check-results-of-chaos-experiments/): the
 * conditions {@code AllInjected} / {@code AllRecovered} and the per-target {@code
 * status.experiment.containerRecords} with their {@code Apply}/{@code Recover} events. The
 * breaker's state is the configured PromQL ({@code chaos.circuit_breaker_query}, 1 = open).
 * Activation = the query reads >= 1 within the bound after the partition was injected; no data is
 * never an activation.
 */
public final class NetworkPartition {

  /**
   * Chaos Mesh's NetworkChaos: https://chaos-mesh.org/docs/simulate-network-chaos-on-kubernetes/
   */
  public static final ResourceDefinitionContext NETWORK_CHAOS =
      new ResourceDefinitionContext.Builder()
          .withGroup("chaos-mesh.org")
          .withVersion("v1alpha1")
          .withKind("NetworkChaos")
          .withPlural("networkchaos")
          .withNamespaced(true)
          .build();

  /**
   * What was seen: when the partition was injected (per Chaos Mesh), when the breaker was seen
   * open, and every step.
   */
  public record Activation(
      Optional<String> experiment,
      Instant injectedAt,
      Instant activatedAt,
      String breakerAnswer,
      StepLog log) {
    public Duration activationTime() {
      return Duration.between(injectedAt, activatedAt);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final PromQlClient prometheus;
  private final Duration bound;
  private final Clock clock;

  public NetworkPartition(
      KubernetesClient client,
      String namespace,
      PromQlClient prometheus,
      Duration bound,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.prometheus = prometheus;
    this.bound = bound;
    this.clock = clock;
  }

  /**
   * Waits for {@code networkChaos} (if given) to be injected, then for {@code breakerQuery} to read
   * >= 1, each within the bound.
   */
  public Activation run(Optional<String> networkChaos, String breakerQuery) {
    StepLog log = new StepLog(clock);
    Instant injectedAt =
        networkChaos
            .map(name -> awaitInjected(name, log))
            .orElseGet(
                () ->
                    log.step(
                        "no chaos.network_chaos configured: judging the circuit breaker from now, the partition is induced outside the suite"));
    String[] last = {"not queried"};
    try {
      BoundedWait.named("circuit breaker activation (" + breakerQuery + ")")
          .atMost(bound)
          .pollEvery(Duration.ofMillis(500))
          .progressEvery(Duration.ofSeconds(10))
          .status(() -> last[0])
          .until(
              () -> {
                try {
                  QueryResult result = prometheus.query(breakerQuery, clock.instant());
                  var sample = result.singleSample();
                  last[0] =
                      sample
                          .map(s -> "value " + s.value() + " at " + s.timestamp())
                          .orElse("no data (" + result.series().size() + " series)");
                  return sample.isPresent() && sample.get().value() >= 1;
                } catch (PromQlException e) {
                  last[0] = "query failed: " + e.getMessage();
                  return false;
                }
              });
    } catch (WaitTimeoutException e) {
      log.step("circuit breaker not open: " + last[0]);
      throw new ChaosException(
          "network partition: the circuit breaker did not activate within chaos.partition_timeout %s after the partition at %s; %s read: %s; steps:%n%s"
              .formatted(bound, injectedAt, breakerQuery, last[0], log.describe()),
          e);
    }
    Instant activatedAt = log.step("circuit breaker open: " + last[0]);
    networkChaos.ifPresent(
        name ->
            log.step("NetworkChaos %s/%s now: %s".formatted(namespace, name, describe(get(name)))));
    return new Activation(networkChaos, injectedAt, activatedAt, last[0], log);
  }

  private Instant awaitInjected(String name, StepLog log) {
    log.step("NetworkChaos %s/%s: %s".formatted(namespace, name, describe(get(name))));
    try {
      BoundedWait.named("NetworkChaos %s/%s injected".formatted(namespace, name))
          .atMost(bound)
          .pollEvery(Duration.ofMillis(500))
          .progressEvery(Duration.ofSeconds(10))
          .status(() -> describe(get(name)))
          .until(() -> "True".equals(condition(get(name), "AllInjected")));
    } catch (WaitTimeoutException e) {
      throw new ChaosException(
          "network partition: NetworkChaos %s/%s was not injected (condition AllInjected not True) within chaos.partition_timeout %s; status: %s"
              .formatted(namespace, name, bound, describe(get(name))),
          e);
    }
    GenericKubernetesResource chaos = get(name);
    Instant at = firstApply(chaos).orElseGet(clock::instant);
    log.step(
        "NetworkChaos %s/%s injected at %s: %s".formatted(namespace, name, at, describe(chaos)));
    return at;
  }

  private GenericKubernetesResource get(String name) {
    GenericKubernetesResource found =
        client
            .genericKubernetesResources(NETWORK_CHAOS)
            .inNamespace(namespace)
            .withName(name)
            .get();
    if (found == null) {
      throw new ChaosException(
          "network partition: NetworkChaos %s/%s not found (chaos-mesh.org/v1alpha1); create the experiment or fix chaos.network_chaos"
              .formatted(namespace, name));
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource chaos) {
    Object status = chaos.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  static String condition(GenericKubernetesResource chaos, String type) {
    if (!(status(chaos).get("conditions") instanceof List<?> conditions)) return "absent";
    return conditions.stream()
        .filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
        .map(c -> String.valueOf(((Map<?, ?>) c).get("status")))
        .findFirst()
        .orElse("absent");
  }

  /**
   * The earliest successful {@code Apply} event of any container record: when the partition took
   * effect.
   */
  static Optional<Instant> firstApply(GenericKubernetesResource chaos) {
    if (!(status(chaos).get("experiment") instanceof Map<?, ?> experiment)
        || !(experiment.get("containerRecords") instanceof List<?> records)) {
      return Optional.empty();
    }
    return records.stream()
        .filter(r -> r instanceof Map<?, ?>)
        .flatMap(
            r ->
                ((Map<?, ?>) r).get("events") instanceof List<?> events
                    ? events.stream()
                    : java.util.stream.Stream.empty())
        .filter(
            e ->
                e instanceof Map<?, ?> m
                    && "Apply".equals(m.get("operation"))
                    && "Succeeded".equals(m.get("type"))
                    && m.get("timestamp") != null)
        .map(e -> Instant.parse(String.valueOf(((Map<?, ?>) e).get("timestamp"))))
        .min(Instant::compareTo);
  }

  static String describe(GenericKubernetesResource chaos) {
    Object records =
        status(chaos).get("experiment") instanceof Map<?, ?> experiment
            ? experiment.get("containerRecords")
            : null;
    return "AllInjected=%s, AllRecovered=%s, records=%s"
        .formatted(condition(chaos, "AllInjected"), condition(chaos, "AllRecovered"), records);
  }
}
