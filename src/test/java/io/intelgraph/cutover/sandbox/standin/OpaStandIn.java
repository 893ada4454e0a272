package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Request;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Response;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for the Open Policy Agent sidecar, a double of the documented REST API
 * (https://www.openpolicyagent.org/docs/latest/rest-api/) for one configured bundle, {@value
 * #BUNDLE_NAME}:
 *
 * <ul>
 *   <li>{@code GET /health} -> {@code 200 {}}; {@code GET /health?bundles} -> {@code 200 {}} once
 *       the bundle is activated, else {@code 500 {"error":"not all configured bundles have been
 *       activated"}};
 *   <li>{@code POST} or {@code GET /v1/data/<path>} -> {@code
 *       {"result":{"allow":true},"decision_id":"<uuid>"}} in well under 2 ms (no policy is
 *       evaluated); before activation there is no policy, so the result is undefined ({@code
 *       {"decision_id":...}}); a malformed body -> 400;
 *   <li>{@code ?provenance=true} on the Data API adds {@code "provenance":{"version":...,"bundles":
 *       {"intelgraph":{"revision":"<sha>"}}}}, only activated bundles listed;
 *   <li>{@code GET /v1/data/system/bundles} -> the activated bundles' manifests, where OPA stores
 *       them;
 *   <li>{@code GET /metrics} -> {@code http_request_duration_seconds} histogram ({@code
 *       handler="v1/data"}, {@code method}, {@code code}), as OPA exposes it.
 * </ul>
 *
 * Faults: {@link Fault#OPA_DOWN} answers every request 503 (the engine fails: nothing is decided);
 * {@link Fault#OPA_BUNDLE_STALE} reports {@value #STALE_REVISION} as the activated bundle's
 * revision (an older policy than the release's), health and decisions as usual.
 *
 * <pre>
 * {@code try (OpaStandIn opa = OpaStandIn.start(faults)) { opa.baseUrl(); opa.bundleRevision("other"); }}
 * </pre>
 */
public final class OpaStandIn implements AutoCloseable {

  /**
   * The revision the stand-in's bundle manifest reports at start: the git sha of the policy bundle.
   */
  public static final String BUNDLE_REVISION = "3f9a1c2e7b4d5a6f8e0c1b2a3d4e5f60718293a4";

  /**
   * The revision reported under {@link Fault#OPA_BUNDLE_STALE}: the policy bundle before this
   * release's.
   */
  public static final String STALE_REVISION = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718290";

  /** The name of the one configured bundle, as in OPA's {@code bundles:} configuration. */
  public static final String BUNDLE_NAME = "intelgraph";

  /** The OPA version the stand-in reports in provenance. */
  static final String VERSION = "0.68.0";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String JSON_TYPE = "application/json";

  private volatile String revision = BUNDLE_REVISION;
  private volatile boolean activated = true;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram duration =
      Histogram.builder()
          .name("http_request_duration_seconds")
          .help("A histogram of duration for requests (sandbox OPA stand-in).")
          .labelNames("code", "handler", "method")
          .classicUpperBounds(0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)
          .register(registry);
  private final StandInServer server;
  private final FaultSwitch faults;

  private OpaStandIn(FaultSwitch faults) {
    this.faults = faults;
    malformed(
        "{\"input\":{}}"
            .getBytes(StandardCharsets.UTF_8)); // warm the parser: the first decision is timed too
    this.server =
        new StandInServer(
            "opa",
            Map.<String, Function<Request, Response>>of(
                "/v1/data/", this.unlessDown(this::data),
                "/health", this.unlessDown(this::health),
                "/metrics", this.unlessDown(this::metrics)));
  }

  /** A stand-in no fault reaches. */
  public static OpaStandIn start() {
    return new OpaStandIn(new FaultSwitch());
  }

  /** A stand-in that plays the OPA faults of {@code faults}. */
  public static OpaStandIn start(FaultSwitch faults) {
    return new OpaStandIn(faults);
  }

  private Function<Request, Response> unlessDown(Function<Request, Response> route) {
    return request ->
        faults.is(Fault.OPA_DOWN)
            ? Response.json(
                503,
                "{\"code\":\"internal_error\",\"message\":\"policy engine unavailable (sandbox fault opa-down)\"}")
            : route.apply(request);
  }

  /** The revision the activated bundle reports now. */
  private String revision() {
    return faults.is(Fault.OPA_BUNDLE_STALE) ? STALE_REVISION : revision;
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  public URI metricsUrl() {
    return server.baseUrl().resolve("/metrics");
  }

  /**
   * From now on the bundle's manifest reports {@code revision}, as after OPA activates a newer
   * bundle.
   */
  public void bundleRevision(String revision) {
    this.revision = revision;
  }

  /**
   * Whether the bundle is activated; {@code false} is an OPA that has not (yet) loaded its bundle.
   */
  public void activated(boolean activated) {
    this.activated = activated;
  }

  private Response health(Request request) {
    if (flag(request, "bundles") && !activated) {
      return Response.json(500, "{\"error\":\"not all configured bundles have been activated\"}");
    }
    return Response.json(200, "{}");
  }

  private Response data(Request request) {
    long started = System.nanoTime();
    Response response;
    boolean provenance = flag(request, "provenance");
    if ("GET".equals(request.method()) && request.path().equals("/v1/data/system/bundles")) {
      String manifests =
          activated
              ? "{\""
                  + BUNDLE_NAME
                  + "\":{\"manifest\":{\"revision\":\""
                  + revision()
                  + "\",\"roots\":[\"intelgraph\"]}}}"
              : "{}";
      response = Response.json(200, "{\"result\":" + manifests + provenance(provenance) + "}");
    } else if ("POST".equals(request.method()) || "GET".equals(request.method())) {
      String error = "POST".equals(request.method()) ? malformed(request.body()) : null;
      String result =
          activated ? "\"result\":{\"allow\":true}," : ""; // no policy before activation: undefined
      response =
          error == null
              ? Response.json(
                  200,
                  "{"
                      + result
                      + "\"decision_id\":\""
                      + UUID.randomUUID()
                      + "\""
                      + provenance(provenance)
                      + "}")
              : Response.json(
                  400,
                  "{\"code\":\"invalid_parameter\",\"message\":\""
                      + error.replace("\"", "'")
                      + "\"}");
    } else {
      response =
          new Response(
              405,
              JSON_TYPE,
              "{\"code\":\"method_not_allowed\",\"message\":\"OPA stand-in serves GET and POST on /v1/data/<path>\"}");
    }
    duration
        .labelValues(Integer.toString(response.status()), "v1/data", request.method())
        .observe((System.nanoTime() - started) / 1e9);
    return response;
  }

  /**
   * {@code ,"provenance":{...}} as OPA adds it when asked; bundles not yet activated are not
   * listed.
   */
  private String provenance(boolean asked) {
    if (!asked) return "";
    String bundles =
        activated
            ? ",\"bundles\":{\"" + BUNDLE_NAME + "\":{\"revision\":\"" + revision() + "\"}}"
            : "";
    return ",\"provenance\":{\"version\":\""
        + VERSION
        + "\",\"build_commit\":\"sandbox\""
        + bundles
        + "}";
  }

  /**
   * A boolean query parameter as OPA reads one: present bare ({@code ?bundles}) or {@code =true}.
   */
  private static boolean flag(Request request, String name) {
    if (request.rawQuery() == null) return false;
    for (String parameter : request.rawQuery().split("&")) {
      if (parameter.equals(name) || parameter.equals(name + "=true")) return true;
    }
    return false;
  }

  private static String malformed(byte[] body) {
    if (body.length == 0) {
      return null; // OPA accepts a missing body: the input is then undefined
    }
    try {
      if (!JSON.readTree(body).isObject()) {
        return "request body must be a JSON object, e.g. {\"input\":{...}}";
      }
      return null;
    } catch (JacksonException e) {
      return "request body is not JSON: " + e.getOriginalMessage();
    }
  }

  private Response metrics(Request request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create()
          .write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not render the OPA stand-in's metrics", e);
    }
    return new Response(
        200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
