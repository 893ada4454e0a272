package io.intelgraph.cutover.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Helm release record as Helm stores it (see {@link HelmReleases}): the release's name, its
 * revision, its status ({@code deployed}, {@code failed}, {@code pending-upgrade}, {@code
 * superseded}, ...) and the user-supplied values of that revision ({@code helm get values}).
 *
 * @param record the object it was read from, e.g. {@code Secret sh.helm.release.v1.app.v7}
 * @param config the user-supplied values ({@code --set}, {@code -f}), as JSON maps, lists and
 *     scalars
 */
public record HelmRelease(
    String name, int version, String status, Map<String, Object> config, String record) {

  /** The status of a revision that is live ({@code helm status} says {@code deployed}). */
  public static final String DEPLOYED = "deployed";

  public HelmRelease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(config);
  }

  /**
   * The value at a dotted path of the user-supplied values (e.g. {@code
   * ingress.traffic.canary.enabled}), as text ({@code false}, {@code 100}); empty when any step is
   * absent or not a map.
   */
  public Optional<String> value(String dottedPath) {
    Object node = config;
    for (String step : dottedPath.split("\\.")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(step)) return Optional.empty();
      node = map.get(step);
    }
    return node == null ? Optional.empty() : Optional.of(String.valueOf(node));
  }

  /** One line for evidence: {@code intelgraph-maestro v7 deployed (Secret sh.helm...)}. */
  public String describe() {
    return "%s v%d %s (%s)".formatted(name, version, status, record);
  }
}
