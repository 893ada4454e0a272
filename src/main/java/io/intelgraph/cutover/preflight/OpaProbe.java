package io.intelgraph.cutover.preflight;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the OPA bundle revision the policy engine has loaded and times real policy decisions over
 * HTTP, as the API's authorizer asks them.
 */
public final class OpaProbe {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Decisions asked before timing starts. */
  static final int WARM_UP = 5;

  /** The decision latencies of one sample, in the order they were taken. */
  public record DecisionSample(String path, List<Duration> latencies, int failures) {}

  private final URI opa;
  private final HttpClient client;
  private final Duration timeout;

  public OpaProbe(URI opa, Duration timeout) {
    this.opa = opa;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The {@code result.manifest.revision} of the loaded bundle; fails when no bundle is loaded. */
  public String bundleRevision() {
    URI uri = opa.resolve("/v1/data/system/bundle");
    JsonNode body = new JsonGet(timeout).get("OPA bundle", uri);
    String revision = body.path("result").path("manifest").path("revision").asString("");
    if (revision.isBlank()) {
      throw new PreflightException("OPA at %s reports no bundle revision (answer: %s); the policy bundle is not loaded"
          .formatted(uri, JsonGet.excerpt(body.toString())));
    }
    return revision;
  }

  /** Asks {@code decisionPath} {@code samples} times (after {@value #WARM_UP} untimed ones) with a representative input and times each answer. */
  public DecisionSample timeDecisions(String decisionPath, int samples) {
    URI uri = opa.resolve("/" + decisionPath.replaceFirst("^/", ""));
    String input = "{\"input\":{\"subject\":{\"tenant\":\"tenant-a\",\"roles\":[\"analyst\"]},"
        + "\"action\":\"read\",\"resource\":{\"type\":\"entity\",\"tenant\":\"tenant-a\"}}}";
    List<Duration> latencies = new ArrayList<>();
    int failures = 0;
    // the first decisions pay for this JVM's connection set-up and JIT, not the policy engine's
    // latency: they are asked (a failure still counts) but not timed
    for (int i = 0; i < WARM_UP + samples; i++) {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(input)).build();
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (response.statusCode() == 200 && JSON.readTree(response.body()).has("result")) {
          if (i >= WARM_UP) latencies.add(elapsed);
        } else {
          failures++;
        }
      } catch (IOException e) {
        failures++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PreflightException("interrupted while timing OPA decisions", e);
      }
    }
    return new DecisionSample(uri.toString(), List.copyOf(latencies), failures);
  }
}
