package io.intelgraph.cutover.sandbox.standin;

import io.intelgraph.cutover.sandbox.standin.StandInServer.Request;
import io.intelgraph.cutover.sandbox.standin.StandInServer.Response;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for the Open Policy Agent sidecar, answering like OPA's REST API:
 * <ul>
 *   <li>{@code GET /v1/data/system/bundle} -> {@code {"result":{"manifest":{"revision":"<sha>"}}}}
 *       with {@link #BUNDLE_REVISION};</li>
 *   <li>{@code POST /v1/data/<any path>} with a JSON body -> {@code {"result":{"allow":true},
 *       "decision_id":"<uuid>"}} in well under 2 ms (no policy is evaluated); a malformed body -> 400;</li>
 *   <li>{@code GET /health} -> {@code {}};</li>
 *   <li>{@code GET /metrics} -> {@code http_request_duration_seconds} histogram
 *       ({@code handler="v1/data"}, {@code method}, {@code code}), as OPA exposes it.</li>
 * </ul>
 * <pre>{@code try (OpaStandIn opa = OpaStandIn.start()) { opa.baseUrl(); }}</pre>
 */
public final class OpaStandIn implements AutoCloseable {

  /** The revision the stand-in's bundle manifest reports: the git sha of the policy bundle. */
  public static final String BUNDLE_REVISION = "3f9a1c2e7b4d5a6f8e0c1b2a3d4e5f60718293a4";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String JSON_TYPE = "application/json";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram duration = Histogram.builder()
      .name("http_request_duration_seconds")
      .help("A histogram of duration for requests (sandbox OPA stand-in).")
      .labelNames("code", "handler", "method")
      .classicUpperBounds(0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)
      .register(registry);
  private final StandInServer server;

  private OpaStandIn() {
    malformed("{\"input\":{}}".getBytes(StandardCharsets.UTF_8)); // warm the parser: the first decision is timed too
    this.server = new StandInServer("opa", Map.<String, java.util.function.Function<Request, Response>>of(
        "/v1/data/", this::data,
        "/health", request -> Response.json(200, "{}"),
        "/metrics", this::metrics));
  }

  public static OpaStandIn start() {
    return new OpaStandIn();
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  public URI metricsUrl() {
    return server.baseUrl().resolve("/metrics");
  }

  private Response data(Request request) {
    long started = System.nanoTime();
    Response response;
    if ("GET".equals(request.method()) && request.path().equals("/v1/data/system/bundle")) {
      response = Response.json(200, "{\"result\":{\"manifest\":{\"revision\":\"" + BUNDLE_REVISION + "\"}}}");
    } else if ("POST".equals(request.method())) {
      String error = malformed(request.body());
      response = error == null
          ? Response.json(200, "{\"result\":{\"allow\":true},\"decision_id\":\"" + UUID.randomUUID() + "\"}")
          : Response.json(400, "{\"code\":\"invalid_parameter\",\"message\":\"" + error.replace("\"", "'") + "\"}");
    } else {
      response = Response.json(404,
          "{\"code\":\"resource_not_found\",\"message\":\"OPA stand-in serves GET /v1/data/system/bundle and POST /v1/data/<path>\"}");
    }
    duration.labelValues(Integer.toString(response.status()), "v1/data", request.method())
        .observe((System.nanoTime() - started) / 1e9);
    return response;
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
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not render the OPA stand-in's metrics", e);
    }
    return new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
