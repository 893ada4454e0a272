package io.intelgraph.cutover.sandbox;

import io.intelgraph.cutover.testing.StubServer;
import java.net.URI;
import java.util.Map;

/**
 * A metrics-only placeholder where the reference API plugs in: each track's {@code /metrics}
 * answers one series, so Prometheus scrapes both tracks, and nothing else runs. For tests of the
 * sandbox itself ({@code @SandboxTest(api = PlaceholderTracks.class)}); remembers the context it
 * was started with.
 */
public final class PlaceholderTracks implements ApiLauncher {

  private static volatile ApiContext lastContext;

  /** The context the last placeholder was started with. */
  static ApiContext lastContext() {
    return lastContext;
  }

  @Override
  public StartedApi start(ApiContext context) {
    lastContext = context;
    StubServer tracks = StubServer.start();
    for (String track : new String[] {"stable", "canary"}) {
      tracks.route(
          "/" + track + "/metrics",
          request ->
              StubServer.Response.of(
                  200, "sandbox_placeholder_track_info{track=\"" + track + "\"} 1\n"));
    }
    URI base = tracks.uri("");
    return new StartedApi(
        base,
        URI.create("ws://127.0.0.1:" + base.getPort() + "/graphql"),
        Map.of("stable", tracks.uri("/stable/metrics"), "canary", tracks.uri("/canary/metrics")),
        tracks::close);
  }
}
