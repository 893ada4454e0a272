package io.intelgraph.cutover.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A running API as the sandbox sees it: where clients call it, and one metrics URL per track (e.g.
 * {@code stable}, {@code canary}), which Prometheus scrapes as job {@value Sandbox#API_JOB} with a
 * {@code track} label. {@code stopper} is called on close. {@code configOverrides} are the
 * environment keys this API's own conventions need (e.g. {@code goldens.track_header}), handed to
 * the suite like any environment's configuration.
 */
public record StartedApi(
    URI baseUrl,
    URI graphqlWs,
    Map<String, URI> trackMetrics,
    AutoCloseable stopper,
    Map<String, String> configOverrides) {

  private static final Pattern TRACK = Pattern.compile("[a-z][a-z0-9-]*");

  public StartedApi {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(graphqlWs, "graphqlWs");
    Objects.requireNonNull(stopper, "stopper");
    if (trackMetrics == null || trackMetrics.isEmpty()) {
      throw new IllegalArgumentException(
          "the API at %s gave no track metrics URLs; give one per track, e.g. {stable=http://127.0.0.1:8081/metrics}"
              .formatted(baseUrl));
    }
    trackMetrics
        .keySet()
        .forEach(
            track -> {
              if (!TRACK.matcher(track).matches()) {
                throw new IllegalArgumentException(
                    "track name '%s' of the API at %s must be lower-case, e.g. stable or canary"
                        .formatted(track, baseUrl));
              }
            });
    trackMetrics = Map.copyOf(trackMetrics);
    configOverrides = Map.copyOf(configOverrides);
  }

  /** An API that needs no configuration of its own. */
  public StartedApi(
      URI baseUrl, URI graphqlWs, Map<String, URI> trackMetrics, AutoCloseable stopper) {
    this(baseUrl, graphqlWs, trackMetrics, stopper, Map.of());
  }
}
