package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.golden.EntityWriteGolden;
import io.intelgraph.cutover.golden.GoldenResult;
import io.intelgraph.cutover.golden.GraphQlClient;
import io.intelgraph.cutover.golden.GraphQlResponse;
import io.intelgraph.cutover.golden.GraphQueryGolden;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How much the goldens' own measuring adds: for each request of the entity write and the 3-hop
 * query, the round trip the golden client measures ({@link GraphQlResponse#elapsed()}, the figure
 * the goldens report) minus the time the sandbox API says it spent on that same request (its
 * {@code Server-Timing: app;dur=} header, taken from the same clock reading as the server's
 * {@code http_request_duration_seconds} histogram, at the moment the response headers are
 * committed). Target: p95 of the difference under 2 ms.
 *
 * <p>Requests go through the golden client ({@link GraphQlClient}) with the goldens' documents and
 * variables, one at a time, with the sandbox's steady load running beside them as in a cutover.
 * Both goldens are also run once whole, to show they pass.
 */
public final class GoldenOverheadBenchmark {

  private static final String SECTION = "2 golden overhead";

  private GoldenOverheadBenchmark() {}

  public static void main(String[] args) {
    int samples = Integer.getInteger("bench.goldenSamples", 300);
    int warmups = Integer.getInteger("bench.goldenWarmups", 100);
    try (BenchSandbox rig = BenchSandbox.atCanary(20)) {
      Goldens goldens = rig.environment.goldens();
      String token = rig.sandbox.oidc().clientCredentialsToken(OidcProvider.CLIENT_ID,
          Map.of(OidcProvider.TENANT_CLAIM, goldens.tenant()));
      Supplier<BearerToken> tokens = () -> new BearerToken(token);
      GraphQlClient api = new GraphQlClient(GraphQlClient.endpoint(rig.environment.endpoints().api(), goldens.graphqlPath()),
          tokens, goldens.callTimeout());

      GoldenResult write = new EntityWriteGolden(api, goldens.operations(), goldens.tenant(), goldens.probeKind()).run();
      GoldenResult query = new GraphQueryGolden(api, goldens.operations().graphNeighborhood(), goldens.tenant(),
          goldens.seedEntityId(), goldens.neighborhoodLimit()).run();
      BenchReport.info(SECTION, "goldens run whole once (sanity)", "entity write " + (write.passed() ? "passed" : "FAILED: " + write)
          + ", 3-hop query " + (query.passed() ? "passed" : "FAILED: " + query));

      Map<String, Supplier<GraphQlResponse>> requests = new LinkedHashMap<>();
      requests.put("entity write", () -> createAndDelete(api, goldens));
      requests.put("3-hop query", () -> api.execute(goldens.operations().graphNeighborhood(), Map.of("input", Map.of(
          "startEntityId", goldens.seedEntityId(), "tenantId", goldens.tenant(), "maxDepth", 3, "limit", goldens.neighborhoodLimit()))));
      for (var request : requests.entrySet()) {
        measure(request.getKey(), request.getValue(), warmups, samples);
      }
    }
  }

  private static void measure(String name, Supplier<GraphQlResponse> request, int warmups, int samples) {
    List<Double> client = new ArrayList<>();
    List<Double> server = new ArrayList<>();
    List<Double> overhead = new ArrayList<>();
    for (int i = 0; i < warmups + samples; i++) {
      GraphQlResponse response = request.get();
      if (response.status() != 200 || !response.errors().isEmpty()) {
        throw new IllegalStateException("%s failed during the benchmark: %s".formatted(name, response.describe()));
      }
      Duration serverTime = response.serverDuration().orElseThrow(() -> new IllegalStateException(
          "the sandbox API sent no Server-Timing header for " + name + "; is TrackHttpHandler's commit listener in place?"));
      if (i < warmups) continue;
      double c = response.elapsed().toNanos() / 1e6;
      double s = serverTime.toNanos() / 1e6;
      client.add(c);
      server.add(s);
      overhead.add(c - s);
    }
    BenchReport.info(SECTION, name + ": client p50 / p95 (n=%d)".formatted(samples),
        BenchReport.ms(BenchReport.percentile(client, 50)) + " / " + BenchReport.ms(BenchReport.percentile(client, 95)));
    BenchReport.info(SECTION, name + ": server p50 / p95, same requests",
        BenchReport.ms(BenchReport.percentile(server, 50)) + " / " + BenchReport.ms(BenchReport.percentile(server, 95)));
    BenchReport.info(SECTION, name + ": overhead (client - server) p50", BenchReport.ms(BenchReport.percentile(overhead, 50)));
    BenchReport.atMost(SECTION, name + ": overhead (client - server) p95", BenchReport.percentile(overhead, 95), 2.0, "%.2f ms", "< 2 ms");
  }

  /** The golden's measured step (createEntity), then its clean-up, which is not measured here either. */
  private static GraphQlResponse createAndDelete(GraphQlClient api, Goldens goldens) {
    String marker = "bench-" + UUID.randomUUID();
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("tenantId", goldens.tenant());
    input.put("kind", goldens.probeKind());
    input.put("labels", List.of("golden-probe", marker));
    input.put("props", Map.of("goldenMarker", marker));
    GraphQlResponse created = api.execute(goldens.operations().createEntity(), Map.of("input", input));
    String id = created.data().path("createEntity").path("id").asString(null);
    if (id != null) {
      api.execute(goldens.operations().deleteEntity(), Map.of("id", id, "tenantId", goldens.tenant()));
    }
    return created;
  }
}
