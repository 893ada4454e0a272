package io.intelgraph.cutover.bench;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.golden.EntityWriteGolden;
import io.intelgraph.cutover.golden.GoldenResult;
import io.intelgraph.cutover.golden.GraphQlClient;
import io.intelgraph.cutover.golden.GraphQlResponse;
import io.intelgraph.cutover.golden.GraphQueryGolden;
import io.intelgraph.cutover.sandbox.oidc.OidcProvider;
import io.intelgraph.cutover.support.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How much the goldens' own measuring adds: for each request of the entity write and the 3-hop
 * query, the round trip the golden client measures ({@link GraphQlResponse#elapsed()}, the figure
 * the goldens report) minus the time the sandbox API says it spent on that same request (its {@code
 * Server-Timing: app;dur=} header: from the moment its listener has read the request to the moment
 * the response headers are committed, the same readings as the server's {@code
 * http_request_duration_seconds} histogram). Target: p95 of the difference within 1.1x of the
 * floor's (below), measured in the same run.
 *
 * <p>The floor: beside every golden request, the same request (same body, headers and token)
 * through a bare JDK {@link HttpClient} with its defaults ({@code send}, HTTP/1.1 on cleartext),
 * timed the same way. The two alternate which goes first, so both see the same load; what the
 * golden client adds is its overhead minus the floor's. The sandbox runs in this JVM with its
 * steady load, as in a cutover, so both figures include the machine's scheduling of those threads.
 *
 * <p>Percentiles are nearest-rank over {@code bench.goldenSamples} (500) pairs after {@code
 * bench.goldenWarmups} (200) warm-up pairs. Both goldens are also run once whole, to show they
 * pass.
 */
public final class GoldenOverheadBenchmark {

  private static final String SECTION = "2 golden overhead";

  private GoldenOverheadBenchmark() {}

  /** One request's two clocks: the client's round trip and the server's own time, in ms. */
  private record Timing(double client, double server) {
    double overhead() {
      return client - server;
    }
  }

  public static void main(String[] args) {
    int samples = Integer.getInteger("bench.goldenSamples", 500);
    int warmups = Integer.getInteger("bench.goldenWarmups", 200);
    try (BenchSandbox rig = BenchSandbox.atCanary(20)) {
      Goldens goldens = rig.environment.goldens();
      String token =
          rig.sandbox
              .oidc()
              .clientCredentialsToken(
                  OidcProvider.CLIENT_ID, Map.of(OidcProvider.TENANT_CLAIM, goldens.tenant()));
      Supplier<BearerToken> tokens = () -> new BearerToken(token);
      URI endpoint =
          GraphQlClient.endpoint(rig.environment.endpoints().api(), goldens.graphqlPath());
      GraphQlClient api = new GraphQlClient(endpoint, tokens, goldens.callTimeout());
      Bare bare = new Bare(endpoint, token, goldens.callTimeout());

      GoldenResult write =
          new EntityWriteGolden(api, goldens.operations(), goldens.tenant(), goldens.probeKind())
              .run();
      GoldenResult query =
          new GraphQueryGolden(
                  api,
                  goldens.operations().graphNeighborhood(),
                  goldens.tenant(),
                  goldens.seedEntityId(),
                  goldens.neighborhoodLimit())
              .run();
      BenchReport.info(
          SECTION,
          "goldens run whole once (sanity)",
          "entity write "
              + (write.passed() ? "passed" : "FAILED: " + write)
              + ", 3-hop query "
              + (query.passed() ? "passed" : "FAILED: " + query));

      Map<String, Object> neighborhood =
          Map.of(
              "input",
              Map.of(
                  "startEntityId",
                  goldens.seedEntityId(),
                  "tenantId",
                  goldens.tenant(),
                  "maxDepth",
                  3,
                  "limit",
                  goldens.neighborhoodLimit()));
      measure(
          "entity write",
          () -> createAndDelete(api, goldens, false, bare),
          () -> createAndDelete(api, goldens, true, bare),
          warmups,
          samples);
      measure(
          "3-hop query",
          () ->
              timing(
                  "3-hop query",
                  api.execute(goldens.operations().graphNeighborhood(), neighborhood)),
          () ->
              bare.post(
                  "3-hop query",
                  body(
                      goldens.operations().graphNeighborhood().document(),
                      goldens.operations().graphNeighborhood().operationName(),
                      neighborhood)),
          warmups,
          samples);
      byte[] threeHop =
          body(
              goldens.operations().graphNeighborhood().document(),
              goldens.operations().graphNeighborhood().operationName(),
              neighborhood);
      blockingFloor(
          "3-hop query",
          () -> bare.post("3-hop query", threeHop),
          () -> new Blocking(endpoint, token, goldens.callTimeout()).post("3-hop query", threeHop),
          warmups,
          samples);
    }
  }

  /**
   * Would another client do better? The JDK client's floor beside a blocking {@link
   * java.net.HttpURLConnection} (keep-alive, the caller's thread reads the answer: no selector
   * thread to hand it over), the same requests interleaved.
   */
  private static void blockingFloor(
      String name, Supplier<Timing> jdk, Supplier<Timing> blocking, int warmups, int samples) {
    List<Double> jdkOverhead = new ArrayList<>();
    List<Double> blockingOverhead = new ArrayList<>();
    for (int i = 0; i < warmups + samples; i++) {
      Timing j = i % 2 == 0 ? jdk.get() : null;
      Timing b = blocking.get();
      if (j == null) j = jdk.get();
      if (i < warmups) continue;
      jdkOverhead.add(j.overhead());
      blockingOverhead.add(b.overhead());
    }
    BenchReport.info(
        SECTION,
        name
            + ": another client? blocking HttpURLConnection vs the JDK HttpClient, interleaved: overhead p50 / p95",
        "%.2f / %.2f ms vs %.2f / %.2f ms"
            .formatted(
                BenchReport.percentile(blockingOverhead, 50),
                BenchReport.percentile(blockingOverhead, 95),
                BenchReport.percentile(jdkOverhead, 50),
                BenchReport.percentile(jdkOverhead, 95)));
  }

  /**
   * A blocking client: {@link java.net.HttpURLConnection}, whose keep-alive cache reuses the
   * connection.
   */
  private record Blocking(URI endpoint, String token, Duration timeout) {
    Timing post(String name, byte[] body) {
      long start = System.nanoTime();
      try {
        java.net.HttpURLConnection connection =
            (java.net.HttpURLConnection) endpoint.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty(
            "Accept", "application/graphql-response+json, application/json");
        connection.setRequestProperty(GraphQlClient.SYNTHETIC_HEADER, "maestro-cutover");
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setFixedLengthStreamingMode(body.length);
        try (java.io.OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
        int status = connection.getResponseCode();
        byte[] answer;
        try (java.io.InputStream in = connection.getInputStream()) {
          answer = in.readAllBytes();
        }
        double client = (System.nanoTime() - start) / 1e6;
        if (status != 200 || JsonMappers.JSON.readTree(answer).has("errors")) {
          throw new IllegalStateException(
              "%s through HttpURLConnection failed: HTTP %d".formatted(name, status));
        }
        Duration server =
            Optional.ofNullable(connection.getHeaderField("Server-Timing"))
                .flatMap(GraphQlResponse::serverTiming)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "the sandbox API sent no Server-Timing header for "
                                + name
                                + " through HttpURLConnection"));
        return new Timing(client, server.toNanos() / 1e6);
      } catch (IOException e) {
        throw new IllegalStateException(
            "%s through HttpURLConnection failed: %s".formatted(name, e), e);
      }
    }
  }

  private static void measure(
      String name, Supplier<Timing> golden, Supplier<Timing> floor, int warmups, int samples) {
    List<Timing> goldenTimings = new ArrayList<>();
    List<Timing> floorTimings = new ArrayList<>();
    for (int i = 0; i < warmups + samples; i++) {
      Timing g;
      Timing f;
      if (i % 2 == 0) {
        g = golden.get();
        f = floor.get();
      } else {
        f = floor.get();
        g = golden.get();
      }
      if (i < warmups) continue;
      goldenTimings.add(g);
      floorTimings.add(f);
    }
    List<Double> client = goldenTimings.stream().map(Timing::client).toList();
    List<Double> server = goldenTimings.stream().map(Timing::server).toList();
    List<Double> overhead = goldenTimings.stream().map(Timing::overhead).toList();
    List<Double> floorOverhead = floorTimings.stream().map(Timing::overhead).toList();
    BenchReport.info(
        SECTION,
        name + ": client p50 / p95 (n=%d)".formatted(samples),
        BenchReport.ms(BenchReport.percentile(client, 50))
            + " / "
            + BenchReport.ms(BenchReport.percentile(client, 95)));
    BenchReport.info(
        SECTION,
        name + ": server p50 / p95, same requests",
        BenchReport.ms(BenchReport.percentile(server, 50))
            + " / "
            + BenchReport.ms(BenchReport.percentile(server, 95)));
    BenchReport.info(
        SECTION,
        name + ": overhead (client - server) p50",
        BenchReport.ms(BenchReport.percentile(overhead, 50)));
    BenchReport.info(
        SECTION,
        name + ": overhead (client - server) p95",
        "%.2f ms".formatted(BenchReport.percentile(overhead, 95)));
    BenchReport.info(
        SECTION,
        name + ": floor, bare JDK HttpClient.send, same requests interleaved: overhead p50 / p95",
        "%.2f ms / %.2f ms"
            .formatted(
                BenchReport.percentile(floorOverhead, 50),
                BenchReport.percentile(floorOverhead, 95)));
    // the machine's scheduling moves both alike, so the target is the ratio to the floor measured
    // in the same run, not an absolute figure
    BenchReport.atMost(
        SECTION,
        name + ": overhead p95 as a ratio to the bare client's, same run (golden / floor)",
        BenchReport.percentile(overhead, 95) / BenchReport.percentile(floorOverhead, 95),
        1.1,
        "%.2fx",
        "<= 1.1x");
  }

  private static Timing timing(String name, GraphQlResponse response) {
    if (response.status() != 200 || !response.errors().isEmpty()) {
      throw new IllegalStateException(
          "%s failed during the benchmark: %s".formatted(name, response.describe()));
    }
    Duration server =
        response
            .serverDuration()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the sandbox API sent no Server-Timing header for "
                            + name
                            + "; is TrackHttpHandler's commit listener in place?"));
    return new Timing(response.elapsed().toNanos() / 1e6, server.toNanos() / 1e6);
  }

  /**
   * The golden's measured step (createEntity), by the golden client or the bare one, then its
   * clean-up by the golden client, which is not measured.
   */
  private static Timing createAndDelete(
      GraphQlClient api, Goldens goldens, boolean throughBare, Bare bare) {
    String marker = "bench-" + UUID.randomUUID();
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("tenantId", goldens.tenant());
    input.put("kind", goldens.probeKind());
    input.put("labels", List.of("golden-probe", marker));
    input.put("props", Map.of("goldenMarker", marker));
    Map<String, Object> variables = Map.of("input", input);
    String id;
    Timing timing;
    if (throughBare) {
      Bare.Answer answer =
          bare.postForAnswer(
              "entity write",
              body(
                  goldens.operations().createEntity().document(),
                  goldens.operations().createEntity().operationName(),
                  variables));
      timing = answer.timing();
      id = answer.body().path("data").path("createEntity").path("id").asString(null);
    } else {
      GraphQlResponse created = api.execute(goldens.operations().createEntity(), variables);
      timing = timing("entity write", created);
      id = created.data().path("createEntity").path("id").asString(null);
    }
    if (id == null)
      throw new IllegalStateException("entity write returned no id; the clean-up cannot run");
    api.execute(
        goldens.operations().deleteEntity(), Map.of("id", id, "tenantId", goldens.tenant()));
    return timing;
  }

  /** The GraphQL-over-HTTP body the golden client sends: query, operationName, variables. */
  private static byte[] body(String document, String operationName, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", document);
    body.put("operationName", operationName);
    body.put("variables", variables);
    return JsonMappers.JSON.writeValueAsBytes(body);
  }

  /** The floor: a bare JDK client with its defaults, sending what the golden client sends. */
  private static final class Bare {
    record Answer(Timing timing, tools.jackson.databind.JsonNode body) {}

    private final HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI endpoint;
    private final String token;
    private final Duration timeout;

    Bare(URI endpoint, String token, Duration timeout) {
      this.endpoint = endpoint;
      this.token = token;
      this.timeout = timeout;
    }

    Timing post(String name, byte[] body) {
      return postForAnswer(name, body).timing();
    }

    Answer postForAnswer(String name, byte[] body) {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/graphql-response+json, application/json")
              .header(GraphQlClient.SYNTHETIC_HEADER, "maestro-cutover")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<byte[]> response;
      long start = System.nanoTime();
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw new IllegalStateException(
            "%s through the bare JDK client failed: %s".formatted(name, e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(name + " through the bare JDK client was interrupted", e);
      }
      double client = (System.nanoTime() - start) / 1e6;
      tools.jackson.databind.JsonNode json = JsonMappers.JSON.readTree(response.body());
      if (response.statusCode() != 200 || json.has("errors")) {
        throw new IllegalStateException(
            "%s through the bare JDK client failed: HTTP %d %s"
                .formatted(name, response.statusCode(), json));
      }
      Duration server =
          response
              .headers()
              .firstValue("Server-Timing")
              .flatMap(GraphQlResponse::serverTiming)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the sandbox API sent no Server-Timing header for "
                              + name
                              + " through the bare JDK client"));
      return new Answer(new Timing(client, server.toNanos() / 1e6), json);
    }
  }
}
