package io.intelgraph.cutover.preflight;

import io.intelgraph.cutover.support.Excerpts;
import io.intelgraph.cutover.support.HttpClients;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the policy engine reports about its bundles and times real policy decisions, over
 * OPA's documented REST API (https://www.openpolicyagent.org/docs/latest/rest-api/), as a stock OPA
 * answers it:
 *
 * <ul>
 *   <li>Health API, {@code GET /health?bundles}: {@code 200 {}} only once every configured bundle
 *       has been activated, {@code 500 {"error": "..."}} before
 *       (https://www.openpolicyagent.org/docs/latest/rest-api/#health-api);
 *   <li>Data API with provenance, {@code GET /v1/data/<decision>?provenance=true}: the answer's
 *       {@code provenance.bundles.<name>.revision} is the {@code .manifest} revision of every
 *       activated bundle, or {@code provenance.revision} (deprecated) for a legacy single-{@code
 *       bundle} configuration (https://www.openpolicyagent.org/docs/latest/rest-api/#provenance).
 *       It is asked on the decision the authorizer asks, so the revision is the one behind those
 *       decisions.
 * </ul>
 *
 * {@code GET /v1/status} is not used: it answers only where the status plugin is configured.
 *
 * <pre>{@code
 * OpaProbe.BundleStatus status = new OpaProbe(URI.create("http://opa:8181"), Duration.ofSeconds(5))
 *     .bundleStatus("v1/data/intelgraph/authz/allow");
 * }</pre>
 */
public final class OpaProbe {

  private static final JsonMapper JSON = JsonMappers.JSON;

  /** Decisions asked before timing starts. */
  static final int WARM_UP = 5;

  /** How a legacy single-bundle configuration's revision is named: it has no bundle name. */
  public static final String LEGACY_BUNDLE = "(legacy `bundle` configuration)";

  /** The decision latencies of one sample, in the order they were taken. */
  public record DecisionSample(String path, List<Duration> latencies, int failures) {}

  /**
   * What OPA reported about its bundles.
   *
   * @param health the health URL asked; {@code healthStatus} and {@code healthAnswer} are its
   *     status and body
   * @param provenance the data URL asked with provenance; {@code revisions} maps each activated
   *     bundle to its revision
   */
  public record BundleStatus(
      URI health,
      int healthStatus,
      String healthAnswer,
      URI provenance,
      Map<String, String> revisions) {
    public BundleStatus {
      revisions = Collections.unmodifiableMap(new TreeMap<>(revisions));
    }

    /** Every configured bundle has been activated (the Health API's 200). */
    public boolean activated() {
      return healthStatus == 200;
    }

    public String describe() {
      return "GET %s answered HTTP %d %s; GET %s reports bundle revisions %s"
          .formatted(
              health,
              healthStatus,
              Excerpts.of(healthAnswer),
              provenance,
              revisions.isEmpty() ? "(none)" : revisions);
    }
  }

  private final URI opa;
  private final HttpClient client;
  private final Duration timeout;

  public OpaProbe(URI opa, Duration timeout) {
    this.opa = opa;
    this.timeout = timeout;
    this.client = HttpClients.newClient(timeout, HttpClient.Redirect.NEVER);
  }

  /**
   * Asks the Health API whether every bundle is activated and the Data API which revisions {@code
   * decisionPath} is answered from.
   */
  public BundleStatus bundleStatus(String decisionPath) {
    JsonGet get = new JsonGet(timeout);
    JsonGet.Answer health = get.fetch("OPA bundle health", opa.resolve("/health?bundles"));
    URI provenanceUri = opa.resolve("/" + decisionPath.replaceFirst("^/", "") + "?provenance=true");
    JsonNode provenance = get.get("OPA provenance", provenanceUri).path("provenance");
    Map<String, String> revisions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> bundle : provenance.path("bundles").properties()) {
      revisions.put(bundle.getKey(), bundle.getValue().path("revision").asString(""));
    }
    String legacy = provenance.path("revision").asString("");
    if (revisions.isEmpty() && !legacy.isEmpty()) {
      revisions.put(LEGACY_BUNDLE, legacy);
    }
    return new BundleStatus(health.uri(), health.status(), health.body(), provenanceUri, revisions);
  }

  /**
   * The revision of {@code bundle} (absent: of the only activated bundle) that answers {@code
   * decisionPath}; fails when it cannot be told which one that is.
   */
  public String activeRevision(String decisionPath, Optional<String> bundle) {
    BundleStatus status = bundleStatus(decisionPath);
    return OpaBundleVerdict.revisionOf(status, bundle)
        .orElseThrow(
            () ->
                new PreflightException(
                    OpaBundleVerdict.selectionProblem(status, bundle)
                            .orElse("OPA reports no revision")
                        + "; "
                        + status.describe()));
  }

  /**
   * One decision as OPA answered it: the HTTP status and body, or why there was no answer.
   *
   * @param status the HTTP status; 0 when nothing was answered
   * @param answer the body as received, or the failure (refused, timed out) when nothing was
   *     answered
   */
  public record Decision(int status, String answer, boolean unanswered, Duration elapsed) {

    /**
     * 200 with a {@code result}: OPA answers an undefined decision (no policy for it) without one.
     */
    public boolean decided() {
      if (status != 200) return false;
      try {
        return JSON.readTree(answer).has("result");
      } catch (tools.jackson.core.JacksonException notJson) {
        return false; // a body that is not JSON is not a decision, whatever the status
      }
    }

    public String describe() {
      return unanswered
          ? "no answer: " + answer
          : "HTTP %d %s".formatted(status, Excerpts.of(answer));
    }
  }

  /**
   * What the policy engine is asked to decide: a representative authorization of a read within the
   * caller's tenant.
   */
  static final String INPUT =
      "{\"input\":{\"subject\":{\"tenant\":\"tenant-a\",\"roles\":[\"analyst\"]},"
          + "\"action\":\"read\",\"resource\":{\"type\":\"entity\",\"tenant\":\"tenant-a\"}}}";

  /** The URL of {@code decisionPath}'s decisions. */
  public URI decisionUri(String decisionPath) {
    return opa.resolve("/" + decisionPath.replaceFirst("^/", ""));
  }

  /**
   * Asks {@code decisionPath} up to {@code samples} times, one after the other, and keeps each
   * answer. Stops after two consecutive unanswered decisions: a silent engine costs two timeouts,
   * not one per sample.
   */
  public List<Decision> askDecisions(String decisionPath, int samples) {
    URI uri = decisionUri(decisionPath);
    List<Decision> decisions = new ArrayList<>();
    int unansweredInARow = 0;
    for (int i = 0; i < samples && unansweredInARow < 2; i++) {
      Decision decision = decide(uri);
      decisions.add(decision);
      unansweredInARow = decision.unanswered() ? unansweredInARow + 1 : 0;
    }
    return List.copyOf(decisions);
  }

  /**
   * Asks {@code decisionPath} {@code samples} times (after {@value #WARM_UP} untimed ones) with a
   * representative input and times each answer.
   */
  public DecisionSample timeDecisions(String decisionPath, int samples) {
    URI uri = decisionUri(decisionPath);
    List<Duration> latencies = new ArrayList<>();
    int failures = 0;
    // the first decisions pay for this JVM's connection set-up and JIT, not the policy engine's
    // latency: they are asked (a failure still counts) but not timed
    for (int i = 0; i < WARM_UP + samples; i++) {
      Decision decision = decide(uri);
      if (!decision.decided()) {
        failures++;
      } else if (i >= WARM_UP) {
        latencies.add(decision.elapsed());
      }
    }
    return new DecisionSample(uri.toString(), List.copyOf(latencies), failures);
  }

  private Decision decide(URI uri) {
    HttpRequest request =
        HttpClients.request(uri, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(INPUT))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Decision(
          response.statusCode(),
          response.body(),
          false,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new Decision(
          0,
          "%s after %d ms (bound %s)"
              .formatted(
                  e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                  Duration.ofNanos(System.nanoTime() - start).toMillis(),
                  timeout),
          true,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("interrupted while asking OPA for decisions at " + uri, e);
    }
  }
}
