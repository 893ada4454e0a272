package io.intelgraph.cutover.ledger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The ledger in a ConfigMap, for runners that share nothing but the cluster.
 *
 * <p>Design note: optimistic concurrency on {@code metadata.resourceVersion}. An update reads the
 * ConfigMap, applies the change and replaces it carrying the version it read; the API server
 * answers 409 Conflict if anyone wrote in between, and the update starts over from a fresh read, up
 * to {@code maxAttempts} times. Creation races the same way (409 AlreadyExists → read again).
 *
 * <pre>{@code
 * LedgerStore store = new ConfigMapLedgerStore(client, "intelgraph-maestro", "maestro-cutover-ledger", "v1.0.0-GA", Clock.systemUTC(), 10);
 * }</pre>
 */
public final class ConfigMapLedgerStore implements LedgerStore {

  static final String KEY = "ledger.json";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String releaseTag;
  private final Clock clock;
  private final int maxAttempts;
  private final LedgerCodec codec;

  public ConfigMapLedgerStore(
      KubernetesClient client,
      String namespace,
      String name,
      String releaseTag,
      Clock clock,
      int maxAttempts) {
    if (maxAttempts < 1)
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.releaseTag = releaseTag;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.codec = new LedgerCodec(releaseTag);
  }

  @Override
  public Ledger read() {
    ConfigMap map = fetch();
    return map == null ? update(UnaryOperator.identity()) : decode(map);
  }

  @Override
  public Ledger update(UnaryOperator<Ledger> change) {
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      ConfigMap current = fetch();
      try {
        if (current == null) {
          Ledger created = change.apply(Ledger.start(releaseTag, clock.instant(), nextAttempt()));
          resource().resource(configMap(null, created)).create();
          return created;
        }
        Ledger before = decode(current);
        Ledger after = change.apply(before);
        if (after.equals(before)) {
          return before;
        }
        resource().resource(configMap(current, after)).update();
        return after;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw failure("cannot be written", e);
        }
        // someone else wrote first: start over from what they wrote
      }
    }
    throw new LedgerException(
        ("ledger %s: gave up after %d conflicting updates (409 Conflict each time); another runner is"
                + " writing continuously. Check for a stuck loop among the runners, then rerun this phase")
            .formatted(location(), maxAttempts));
  }

  @Override
  public Ledger startNewAttempt() {
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      ConfigMap current = fetch();
      // the attempt being archived counts too: it is one of the release's attempts before this one
      Ledger fresh =
          Ledger.start(releaseTag, clock.instant(), nextAttempt() + (current == null ? 0 : 1));
      try {
        if (current == null) {
          resource().resource(configMap(null, fresh)).create();
        } else {
          archive(current, fresh.attemptId());
          resource().resource(configMap(current, fresh)).update();
        }
        return fresh;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT)
          throw failure("cannot be replaced by a new attempt", e);
      }
    }
    throw new LedgerException(
        "ledger %s: gave up starting a new attempt after %d conflicting updates; rerun"
            .formatted(location(), maxAttempts));
  }

  @Override
  public List<Ledger> archivedAttempts() {
    String archived = name + "-before-";
    List<ConfigMap> maps;
    try {
      maps =
          resource().withLabel("app.kubernetes.io/managed-by", "maestro-cutover").list().getItems();
    } catch (KubernetesClientException e) {
      throw failure("cannot list the attempts archived beside it", e);
    }
    List<Ledger> attempts = new ArrayList<>();
    for (ConfigMap map : maps) {
      String mapName = map.getMetadata().getName();
      String json = map.getData() == null ? null : map.getData().get(KEY);
      if (!mapName.startsWith(archived) || json == null) continue;
      try {
        attempts.add(codec.read("configmap %s/%s".formatted(namespace, mapName), json));
      } catch (LedgerException ignored) {
        // corrupt or foreign: archived because it could not be continued, and holds nothing this
        // release can read back
      }
    }
    attempts.sort(Comparator.comparingInt(Ledger::attempt));
    return List.copyOf(attempts);
  }

  @Override
  public String location() {
    return "configmap %s/%s".formatted(namespace, name);
  }

  /**
   * The attempts archived beside the ledger ({@code <name>-before-<attempt>}), plus this one:
   * counted, never assumed.
   */
  private int nextAttempt() {
    String archived = name + "-before-";
    try {
      return 1
          + (int)
              resource()
                  .withLabel("app.kubernetes.io/managed-by", "maestro-cutover")
                  .list()
                  .getItems()
                  .stream()
                  .filter(map -> map.getMetadata().getName().startsWith(archived))
                  .count();
    } catch (KubernetesClientException e) {
      throw failure("cannot count the attempts archived beside it", e);
    }
  }

  private void archive(ConfigMap current, String nextAttempt) {
    String archived = name + "-before-" + nextAttempt.toLowerCase(java.util.Locale.ROOT);
    ConfigMap copy =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(archived)
            .addToLabels("app.kubernetes.io/managed-by", "maestro-cutover")
            .endMetadata()
            .withData(current.getData() == null ? Map.of() : current.getData())
            .build();
    resource().resource(copy).create();
  }

  private ConfigMap fetch() {
    try {
      return resource().withName(name).get();
    } catch (KubernetesClientException e) {
      throw failure("cannot be read", e);
    }
  }

  private Ledger decode(ConfigMap map) {
    String json = map.getData() == null ? null : map.getData().get(KEY);
    if (json == null) {
      throw new LedgerException(
          "ledger %s exists but has no `%s` key, so it is not a maestro-cutover ledger; set ledger.config_map to another name, or start a new attempt with -Dcutover.attempt=new (the current ConfigMap is copied aside, not deleted)"
              .formatted(location(), KEY));
    }
    return codec.read(location(), json);
  }

  private ConfigMap configMap(ConfigMap current, Ledger ledger) {
    ConfigMapBuilder builder =
        current == null
            ? new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "maestro-cutover")
                .endMetadata()
            : new ConfigMapBuilder(current);
    // keeps metadata.resourceVersion as read: the server refuses the write if it moved on
    return builder
        .withData(Map.of(KEY, codec.write(ledger)))
        .editMetadata()
        .addToAnnotations("maestro.intelgraph.io/attempt", ledger.attemptId())
        .endMetadata()
        .build();
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          ConfigMap,
          io.fabric8.kubernetes.api.model.ConfigMapList,
          io.fabric8.kubernetes.client.dsl.Resource<ConfigMap>>
      resource() {
    return client.configMaps().inNamespace(namespace);
  }

  private LedgerException failure(String what, KubernetesClientException e) {
    return new LedgerException(
        "ledger %s %s: HTTP %d %s; check the API server is reachable and the service account may get, create and update configmaps in %s"
            .formatted(location(), what, e.getCode(), e.getMessage(), namespace),
        e);
  }
}
