package io.intelgraph.cutover.chaos;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.intelgraph.cutover.config.Chaos;
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
    return run(networkChaos, breakerQuery, new StepLog(clock));
  }

  /**
   * Creates {@code partition} as the NetworkChaos {@code name}, from the pods of {@code deployment}
   * (its {@code spec.selector.matchLabels}), waits for it to be injected and for {@code
   * breakerQuery} to read >= 1, and deletes it whatever happened, waiting (within the bound) until
   * Chaos Mesh has recovered and removed it. A NetworkChaos of that name that already exists is
   * never taken over or deleted: the line fails naming it.
   */
  public Activation create(
      String name, String deployment, Chaos.Partition partition, String breakerQuery) {
    StepLog log = new StepLog(clock);
    ApiPods pods = new ApiPods(client, namespace, deployment);
    Map<String, String> source = pods.deployment().getSpec().getSelector().getMatchLabels();
    if (source == null || source.isEmpty()) {
      throw new ChaosException(
          ("network partition: deployment %s has no spec.selector.matchLabels, so its pods cannot"
                  + " be selected for the NetworkChaos")
              .formatted(pods.name()));
    }
    GenericKubernetesResource chaos = networkChaos(name, source, partition);
    try {
      networkChaosApi().resource(chaos).create();
    } catch (KubernetesClientException e) {
      throw new ChaosException(
          "network partition: creating NetworkChaos %s/%s (chaos-mesh.org/v1alpha1) failed: HTTP %d %s; %s"
              .formatted(
                  namespace, name, e.getCode(), e.getMessage(), createFix(e.getCode(), name)),
          e);
    }
    log.step(
        "created NetworkChaos %s/%s: partition %s from pods %s of %s to pods %s, duration %s"
            .formatted(
                namespace,
                name,
                partition.direction(),
                source,
                pods.name(),
                partition.target(),
                partition.duration()));
    Activation activation = null;
    RuntimeException failure = null;
    try {
      activation = run(Optional.of(name), breakerQuery, log);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      deleteAndAwaitGone(name, log);
    } catch (RuntimeException e) {
      ChaosException left =
          new ChaosException(
              ("network partition: NetworkChaos %s/%s created by the suite was NOT removed: %s;"
                      + " delete it now: kubectl -n %s delete networkchaos %s%s")
                  .formatted(
                      namespace,
                      name,
                      e.getMessage(),
                      namespace,
                      name,
                      failure == null
                          ? ""
                          : "; the experiment had failed too: " + failure.getMessage()),
              e);
      if (failure != null) left.addSuppressed(failure);
      throw left;
    }
    if (failure != null) {
      throw new ChaosException(
          "%s%n(NetworkChaos %s/%s, created by the suite, was deleted and is gone)"
              .formatted(failure.getMessage(), namespace, name),
          failure);
    }
    return activation;
  }

  private String createFix(int code, String name) {
    return switch (code) {
      case 409 ->
          ("a NetworkChaos of that name exists (someone else's experiment or one left behind); the"
                  + " suite neither takes it over nor deletes it: remove it (kubectl -n %s delete"
                  + " networkchaos %s) or set chaos.network_chaos to another name")
              .formatted(namespace, name);
      case 403 ->
          "the service account may not create networkchaos in %s: apply ci/k8s/cutover-chaos-rbac.yaml"
              .formatted(namespace);
      case 404 ->
          "the chaos-mesh.org/v1alpha1 NetworkChaos resource is not served: install Chaos Mesh, or set chaos.network_partition.create: false";
      default -> "check the API server and Chaos Mesh";
    };
  }

  private GenericKubernetesResource networkChaos(
      String name, Map<String, String> source, Chaos.Partition partition) {
    GenericKubernetesResource chaos = new GenericKubernetesResource();
    chaos.setApiVersion(NETWORK_CHAOS.getGroup() + "/" + NETWORK_CHAOS.getVersion());
    chaos.setKind(NETWORK_CHAOS.getKind());
    chaos.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels("app.kubernetes.io/managed-by", "maestro-cutover")
            .build());
    // https://chaos-mesh.org/docs/simulate-network-chaos-on-kubernetes/#field-description
    chaos.setAdditionalProperty(
        "spec",
        Map.of(
            "action", "partition",
            "mode", "all",
            "selector", Map.of("namespaces", List.of(namespace), "labelSelectors", source),
            "direction", partition.direction(),
            "target",
                Map.of(
                    "mode",
                    "all",
                    "selector",
                    Map.of("namespaces", List.of(namespace), "labelSelectors", partition.target())),
            "duration", chaosMeshDuration(partition.duration())));
    return chaos;
  }

  /** Chaos Mesh durations are Go durations, e.g. {@code 300s}. */
  static String chaosMeshDuration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private void deleteAndAwaitGone(String name, StepLog log) {
    networkChaosApi().withName(name).delete();
    log.step("delete NetworkChaos %s/%s".formatted(namespace, name));
    try {
      // Chaos Mesh's finalizer recovers the partition before the object goes away
      BoundedWait.named("NetworkChaos %s/%s removed".formatted(namespace, name))
          .atMost(bound)
          .pollEvery(Duration.ofMillis(250))
          .progressEvery(Duration.ofSeconds(10))
          .status(
              () -> {
                GenericKubernetesResource left = networkChaosApi().withName(name).get();
                return left == null ? "gone" : describe(left);
              })
          .until(() -> networkChaosApi().withName(name).get() == null);
    } catch (WaitTimeoutException e) {
      throw new ChaosException(
          "still present %s after the delete (chaos.partition_timeout); Chaos Mesh did not recover it"
              .formatted(bound),
          e);
    }
    log.step("NetworkChaos %s/%s removed".formatted(namespace, name));
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      networkChaosApi() {
    return client.genericKubernetesResources(NETWORK_CHAOS).inNamespace(namespace);
  }

  private Activation run(Optional<String> networkChaos, String breakerQuery, StepLog log) {
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
