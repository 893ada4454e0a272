package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.golden.TrackAttribution;
import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asks the public health endpoint through the load balancer, one request at a time, and counts
 * which track answered (as the environment's {@link TrackAttribution} tells it: the edge's {@code
 * goldens.track_header}) and every answer that was not a 200, so "all pods ready and serving" is
 * seen from where users stand, on both tracks.
 *
 * <pre>{@code
 * HealthProbe health = new HealthProbe(URI.create("https://maestro.example/api/health"), Duration.ofSeconds(5),
 *     TrackAttribution.from(env.goldens()));
 * health.ask(); // one request
 * health.tally().servedBy();   // {canary=4, stable=17}
 * }</pre>
 */
public final class HealthProbe {

  private static final int FAILURES_KEPT = 5;

  /** What the requests so far saw. */
  public record Tally(
      int requests, Map<String, Integer> servedBy, int failures, List<String> firstFailures) {
    public Tally {
      servedBy = Map.copyOf(servedBy);
      firstFailures = List.copyOf(firstFailures);
    }

    public boolean saw(String track) {
      return servedBy.getOrDefault(track, 0) > 0;
    }

    @Override
    public String toString() {
      return "%d requests, served by %s, %d not 200%s"
          .formatted(
              requests,
              new TreeMap<>(servedBy),
              failures,
              firstFailures.isEmpty() ? "" : " (first: " + String.join("; ", firstFailures) + ")");
    }
  }

  private final URI health;
  private final Duration timeout;
  private final HttpClient client;
  private final TrackAttribution tracks;
  private final Map<String, Integer> servedBy = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private int requests;
  private int failed;

  public HealthProbe(URI health, Duration timeout, TrackAttribution tracks) {
    this.health = health;
    this.timeout = timeout;
    this.tracks = tracks;
    this.client = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
  }

  /**
   * The health URL of an API base URL, e.g. {@code https://api.example} -> {@code
   * https://api.example/api/health}.
   */
  public static URI of(URI api) {
    String text = api.toString();
    return URI.create(
        (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/api/health");
  }

  public URI uri() {
    return health;
  }

  /** One request; a non-200 or a network failure is counted, never thrown. */
  public synchronized Tally ask() {
    requests++;
    try {
      HttpResponse<String> response =
          client.send(
              HttpClients.request(health, timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      String track = tracks.of(response.headers()::firstValue).label();
      servedBy.merge(track, 1, Integer::sum);
      if (response.statusCode() != 200) {
        fail(
            "request %d: HTTP %d from %s: %s"
                .formatted(requests, response.statusCode(), track, Excerpts.of(response.body())));
      }
    } catch (IOException e) {
      fail("request %d: no answer within %d ms: %s".formatted(requests, timeout.toMillis(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("interrupted while asking " + health, e);
    }
    return tally();
  }

  public synchronized Tally tally() {
    return new Tally(requests, servedBy, failed, failures);
  }

  private void fail(String reason) {
    failed++;
    if (failures.size() < FAILURES_KEPT) failures.add(reason);
  }
}
