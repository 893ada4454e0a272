package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.intelgraph.cutover.sandbox.Fault;
import io.intelgraph.cutover.sandbox.FaultSwitch;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference API against a real OIDC server, over real sockets. */
class ReferenceApiIT {

  private static final String ISSUER_ID = "default";
  private static final String AUDIENCE = "intelgraph-api";
  private static final Duration CANARY_LATENCY = Duration.ofMillis(400);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static MockOAuth2Server oidc;
  private static FaultSwitch faults;
  private static final AtomicInteger canaryPercent = new AtomicInteger(50);
  private static ReferenceApi api;
  private static String tenantAToken;

  @BeforeAll
  static void start() throws Exception {
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    faults = new FaultSwitch();
    api =
        ReferenceApi.start(
            ReferenceApi.Options.defaults(
                    oidc.issuerUrl(ISSUER_ID).toString(),
                    oidc.jwksUrl(ISSUER_ID).uri(),
                    canaryPercent::get,
                    faults)
                .withAudience(AUDIENCE)
                .withConnectionInitTimeout(Duration.ofMillis(700))
                .withFaultTuning(
                    FaultTuning.defaults()
                        .withCanaryLatency(CANARY_LATENCY)
                        .withSpike(Duration.ofMillis(1500))));
    tenantAToken = token(Map.of("tenant", SeedData.TENANT_A), 3600).serialize();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (oidc != null) {
      oidc.shutdown();
    }
  }

  @AfterEach
  void healthy() {
    faults.activate(Fault.HEALTHY);
    canaryPercent.set(50);
  }

  static SignedJWT token(Map<String, Object> claims, long expirySeconds) {
    return oidc.issueToken(
        ISSUER_ID,
        "cutover-tests",
        new DefaultOAuth2TokenCallback(
            ISSUER_ID, "golden-user", "JWT", List.of(AUDIENCE), claims, expirySeconds));
  }

  static HttpResponse<String> graphql(URI base, String authorization, Map<String, ?> body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/graphql"))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (authorization != null) {
      request.header("authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> readRoot(URI base, String token) throws Exception {
    return graphql(
        base,
        "Bearer " + token,
        Map.of(
            "query",
            GoldenDocuments.ENTITY,
            "variables",
            Map.of("id", SeedData.TENANT_A_ROOT, "tenantId", SeedData.TENANT_A)));
  }

  @SuppressWarnings("unchecked")
  static <T> T path(String json, String... keys) {
    Object current = Json.readObject(json);
    for (String key : keys) {
      current =
          current instanceof List<?> list
              ? list.get(Integer.parseInt(key))
              : ((Map<String, Object>) current).get(key);
    }
    return (T) current;
  }

  @Test
  void acceptsATokenFromTheOidcServerAndSaysWhichTrackServed() throws Exception {
    HttpResponse<String> response = readRoot(api.baseUrl(), tenantAToken);

    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
    assertThat((String) path(response.body(), "data", "entity", "id"))
        .isEqualTo(SeedData.TENANT_A_ROOT);
    assertThat(response.headers().firstValue(ReferenceApi.SERVED_BY_HEADER))
        .hasValueSatisfying(track -> assertThat(track).isIn("stable", "canary"));
  }

  static Stream<Arguments> rejectedAuthorizations() throws Exception {
    SignedJWT valid = token(Map.of("tenant", SeedData.TENANT_A), 3600);
    RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(valid.getHeader().getKeyID()).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID()).build(),
            valid.getJWTClaimsSet());
    forged.sign(new RSASSASigner(attackerKey));
    return Stream.of(
        Arguments.of("missing", null, "missing bearer token"),
        Arguments.of("not bearer", "Basic dXNlcjpwYXNz", "not a bearer token"),
        Arguments.of("garbage", "Bearer not-a-jwt", "malformed JWT"),
        Arguments.of("forged signature", "Bearer " + forged.serialize(), "Invalid signature"),
        Arguments.of(
            "alg none",
            "Bearer " + new PlainJWT(valid.getJWTClaimsSet()).serialize(),
            "Unsecured (plain) JWTs are rejected"),
        Arguments.of(
            "expired",
            "Bearer " + token(Map.of("tenant", SeedData.TENANT_A), -3600).serialize(),
            "Expired JWT"),
        Arguments.of(
            "wrong audience",
            "Bearer "
                + oidc.issueToken(
                        ISSUER_ID,
                        "c",
                        new DefaultOAuth2TokenCallback(
                            ISSUER_ID, "u", "JWT", List.of("someone-else"), Map.of(), 3600))
                    .serialize(),
            "aud claim rejected"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedAuthorizations")
  void rejectsBadTokensWith401NamingTheReasonButNeverTheToken(
      String name, String authorization, String reason) throws Exception {
    for (Track track : Track.values()) {
      HttpResponse<String> response =
          graphql(api.trackUrl(track), authorization, Map.of("query", "{ __typename }"));

      assertThat(response.statusCode())
          .as("%s token on %s: %s", name, track, response.body())
          .isEqualTo(401);
      assertThat((String) path(response.body(), "reason")).contains(reason);
      if (authorization != null && authorization.length() > 20) {
        assertThat(response.body()).doesNotContain(authorization.substring(7));
      }
    }
  }

  @Test
  void anotherTenantsDataIsForbidden() throws Exception {
    HttpResponse<String> response =
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "query",
                GoldenDocuments.ENTITY,
                "variables",
                Map.of("id", SeedData.TENANT_B_ROOT, "tenantId", SeedData.TENANT_B)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((Object) path(response.body(), "data", "entity")).isNull();
    assertThat((String) path(response.body(), "errors", "0", "extensions", "code"))
        .isEqualTo("FORBIDDEN");
    assertThat((String) path(response.body(), "errors", "0", "message"))
        .isEqualTo("caller of tenant 'tenant-a' may not access tenant 'tenant-b'");
  }

  @Test
  void aTokenWithoutTenantClaimUsesTheTenantHeader() throws Exception {
    String noTenant = token(Map.of(), 3600).serialize();
    HttpRequest request =
        HttpRequest.newBuilder(api.baseUrl().resolve("/graphql"))
            .timeout(Duration.ofSeconds(5))
            .header("authorization", "Bearer " + noTenant)
            .header("x-tenant-id", SeedData.TENANT_B)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.write(
                        Map.of(
                            "query",
                            GoldenDocuments.ENTITY,
                            "variables",
                            Map.of("id", SeedData.TENANT_B_ROOT, "tenantId", SeedData.TENANT_B)))))
            .build();

    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat((String) path(response.body(), "data", "entity", "id"))
        .as(response.body())
        .isEqualTo(SeedData.TENANT_B_ROOT);
  }

  @Test
  void persistedGoldenQueriesRunByHashAndUnknownHashesAreNotFound() throws Exception {
    Map<String, Object> variables =
        Map.of(
            "input",
            Map.of(
                "startEntityId",
                SeedData.TENANT_A_ROOT,
                "tenantId",
                SeedData.TENANT_A,
                "maxDepth",
                3,
                "limit",
                50));
    HttpResponse<String> known =
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "variables",
                variables,
                "extensions",
                Map.of(
                    "persistedQuery",
                    Map.of(
                        "version",
                        1,
                        "sha256Hash",
                        GoldenDocuments.sha256(GoldenDocuments.NEIGHBORHOOD)))));
    HttpResponse<String> unknown =
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "variables",
                variables,
                "extensions",
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", "0".repeat(64)))));

    assertThat((Integer) path(known.body(), "data", "graphNeighborhood", "depthReached"))
        .as(known.body())
        .isEqualTo(3);
    assertThat((String) path(unknown.body(), "errors", "0", "message"))
        .isEqualTo("PersistedQueryNotFound");
  }

  @Test
  void aCreatedEntityIsFoundThreeHopsAwayAndDeliveredToASubscriber() throws Exception {
    GraphQlWsTestClient subscriber = subscribedClient(api.graphqlWsUrl());
    List<String> created = new ArrayList<>();
    try {
      // the subscribe is processed asynchronously: keep creating until one arrives
      await("entityCreated delivered over graphql-transport-ws")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the server closed the subscription", () -> subscriber.closeCode != null)
          .until(
              () -> {
                created.add(createAndRelateAtDepthThree());
                return subscriber.deliveredEntityIds().stream().anyMatch(created::contains);
              });
      String id = created.get(created.size() - 1);
      HttpResponse<String> neighborhood =
          graphql(
              api.baseUrl(),
              "Bearer " + tenantAToken,
              Map.of(
                  "query",
                  GoldenDocuments.NEIGHBORHOOD,
                  "variables",
                  Map.of(
                      "input",
                      Map.of(
                          "startEntityId",
                          SeedData.TENANT_A_ROOT,
                          "tenantId",
                          SeedData.TENANT_A,
                          "maxDepth",
                          3,
                          "limit",
                          1000))));
      List<Map<String, Object>> entities =
          path(neighborhood.body(), "data", "graphNeighborhood", "entities");
      assertThat(entities)
          .as(neighborhood.body())
          .contains(Map.of("id", id, "kind", "Golden", "depth", 3));
    } finally {
      subscriber.closeBlocking();
      for (String id : created) {
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "query",
                GoldenDocuments.DELETE_ENTITY,
                "variables",
                Map.of("id", id, "tenantId", SeedData.TENANT_A)));
      }
    }
  }

  /** Creates an entity related to the seed's depth-2 entity, i.e. at depth 3 from the root. */
  private static String createAndRelateAtDepthThree() throws Exception {
    HttpResponse<String> created =
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "query",
                GoldenDocuments.CREATE_ENTITY,
                "variables",
                Map.of(
                    "input",
                    Map.of(
                        "tenantId",
                        SeedData.TENANT_A,
                        "kind",
                        "Golden",
                        "labels",
                        List.of("golden"),
                        "props",
                        "{\"journey\":\"it\"}"))));
    String id = path(created.body(), "data", "createEntity", "id");
    assertThat((Map<String, Object>) path(created.body(), "data", "createEntity", "props"))
        .isEqualTo(Map.of("journey", "it"));
    HttpResponse<String> related =
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "query",
                GoldenDocuments.RELATE,
                "variables",
                Map.of(
                    "input",
                    Map.of(
                        "fromId",
                        "seed-tenant-a-d2-b",
                        "toId",
                        id,
                        "tenantId",
                        SeedData.TENANT_A,
                        "type",
                        "CITES"))));
    assertThat((String) path(related.body(), "data", "relate", "to"))
        .as(related.body())
        .isEqualTo(id);
    return id;
  }

  private static GraphQlWsTestClient subscribedClient(URI uri) throws Exception {
    GraphQlWsTestClient client =
        connectedAndAcked(uri, Map.of("Authorization", "Bearer " + tenantAToken));
    client.sendJson(
        Map.of(
            "id",
            "golden-1",
            "type",
            "subscribe",
            "payload",
            Map.of(
                "query",
                GoldenDocuments.ENTITY_CREATED,
                "variables",
                Map.of("tenantId", SeedData.TENANT_A))));
    return client;
  }

  private static GraphQlWsTestClient connectedAndAcked(URI uri, Map<String, Object> initPayload)
      throws Exception {
    GraphQlWsTestClient client = new GraphQlWsTestClient(uri);
    assertThat(client.connectBlocking(5, java.util.concurrent.TimeUnit.SECONDS))
        .as("connected to %s", uri)
        .isTrue();
    assertThat(client.acceptedProtocol).isEqualTo("graphql-transport-ws");
    client.sendJson(Map.of("type", "connection_init", "payload", initPayload));
    await("connection_ack")
        .atMost(Duration.ofSeconds(5))
        .failFast("closed before ack", () -> client.closeCode != null)
        .until(() -> client.saw("connection_ack"));
    return client;
  }

  @Test
  void theWebSocketProtocolClosesWithItsCodes() throws Exception {
    GraphQlWsTestClient badToken = new GraphQlWsTestClient(api.graphqlWsUrl());
    badToken.connectBlocking(5, java.util.concurrent.TimeUnit.SECONDS);
    badToken.sendJson(
        Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer forged")));
    GraphQlWsTestClient silent = new GraphQlWsTestClient(api.graphqlWsUrl());
    silent.connectBlocking(5, java.util.concurrent.TimeUnit.SECONDS);
    GraphQlWsTestClient pinger =
        connectedAndAcked(api.graphqlWsUrl(), Map.of("authorization", "Bearer " + tenantAToken));
    pinger.sendJson(Map.of("type", "ping"));
    await("pong").atMost(Duration.ofSeconds(5)).until(() -> pinger.saw("pong"));
    pinger.send("{not json");

    await("close codes")
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(badToken.closeCode).as("rejected token").isEqualTo(4403);
              assertThat(silent.closeCode).as("no connection_init").isEqualTo(4408);
              assertThat(pinger.closeCode).as("invalid message").isEqualTo(4400);
            });
  }

  @Test
  void theRouterFollowsTheWeights() throws Exception {
    canaryPercent.set(0);
    assertThat(servedBy(20)).containsOnly("stable");
    canaryPercent.set(100);
    assertThat(servedBy(20)).containsOnly("canary");
  }

  private static List<String> servedBy(int requests) throws Exception {
    List<String> tracks = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(api.baseUrl().resolve("/api/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      tracks.add(health.headers().firstValue(ReferenceApi.SERVED_BY_HEADER).orElse("none"));
      assertThat((String) path(health.body(), "track")).isEqualTo(tracks.get(i));
    }
    return tracks;
  }

  @Test
  void eachTrackExposesItsOwnSeriesWithTrackLabels() throws Exception {
    for (Track track : Track.values()) {
      readRoot(api.trackUrl(track), tenantAToken);
      graphql(api.trackUrl(track), null, Map.of("query", "{ __typename }"));
      graphql(
          api.trackUrl(track),
          "Bearer " + tenantAToken,
          Map.of(
              "query",
              GoldenDocuments.NEIGHBORHOOD,
              "variables",
              Map.of(
                  "input",
                  Map.of(
                      "startEntityId",
                      SeedData.TENANT_A_ROOT,
                      "tenantId",
                      SeedData.TENANT_A,
                      "maxDepth",
                      3))));
    }
    for (Track track : Track.values()) {
      String other = track == Track.STABLE ? "canary" : "stable";
      String metrics = scrape(track);
      String t = "track=\"" + track.label() + "\"";
      assertThat(
              sample(
                  metrics,
                  "http_request_duration_seconds_bucket{method=\"POST\",route=\"/graphql\","
                      + t
                      + ",le=\"0.35\"}"))
          .isPositive();
      assertThat(
              sample(
                  metrics,
                  "http_requests_total{method=\"POST\",route=\"/graphql\",status_code=\"200\","
                      + t
                      + "}"))
          .isPositive();
      assertThat(
              sample(
                  metrics,
                  "http_requests_total{method=\"POST\",route=\"/graphql\",status_code=\"401\","
                      + t
                      + "}"))
          .isPositive();
      assertThat(metrics)
          .contains("graph_query_duration_seconds_bucket{hops=\"3\"," + t + ",le=\"1.2\"}")
          .contains("websocket_connections_active{" + t + "}")
          .containsPattern(
              "graphql_operations_total\\{operation=\"entity\",outcome=\"success\","
                  + t
                  + "} [1-9]")
          .containsPattern(
              "graphql_operations_total\\{operation=\"graphNeighborhood\",outcome=\"success\","
                  + t
                  + "} [1-9]")
          .doesNotContain("track=\"" + other + "\"");
    }
  }

  private static String scrape(Track track) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(api.metricsUrl(track)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The value of {@code series} ({@code name{k="v",...}}), summed over every exposed series that
   * has at least those labels: the API adds tenant and region labels the KPI lines read, which a
   * test of the track series need not spell out.
   */
  private static double sample(String metrics, String series) {
    Map.Entry<String, Map<String, String>> wanted = parseSeries(series);
    double[] sum = {0};
    boolean[] found = {false};
    metrics
        .lines()
        .filter(line -> !line.startsWith("#") && line.startsWith(wanted.getKey() + "{"))
        .forEach(
            line -> {
              int end = line.lastIndexOf('}');
              Map.Entry<String, Map<String, String>> exposed =
                  parseSeries(line.substring(0, end + 1));
              if (exposed.getKey().equals(wanted.getKey())
                  && exposed.getValue().entrySet().containsAll(wanted.getValue().entrySet())) {
                sum[0] += Double.parseDouble(line.substring(end + 1).strip());
                found[0] = true;
              }
            });
    if (!found[0]) throw new AssertionError("series " + series + " missing from\n" + metrics);
    return sum[0];
  }

  /** {@code name{k="v",...}} as its name and labels. */
  private static Map.Entry<String, Map<String, String>> parseSeries(String series) {
    int open = series.indexOf('{');
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher label =
        java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(series.substring(open + 1, series.length() - 1));
    while (label.find()) labels.put(label.group(1), label.group(2));
    return Map.entry(series.substring(0, open), labels);
  }

  private static String requests503(Track track) {
    return "http_requests_total{method=\"POST\",route=\"/graphql\",status_code=\"503\",track=\""
        + track.label()
        + "\"}";
  }

  @Test
  void aSyntheticProbeIsCountedApartFromTheSloSeries() throws Exception {
    String users401 =
        "http_requests_total{method=\"POST\",route=\"/graphql\",status_code=\"401\",track=\"stable\"}";
    String probes401 =
        "http_synthetic_requests_total{method=\"POST\",route=\"/graphql\",status_code=\"401\",track=\"stable\"}";
    double usersBefore = sample(scrape(Track.STABLE), users401);

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(api.trackUrl(Track.STABLE).resolve("/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer forged")
                .header("X-Synthetic-Probe", "maestro-cutover")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    String metrics = scrape(Track.STABLE);
    assertThat(sample(metrics, probes401)).isGreaterThanOrEqualTo(1);
    assertThat(sample(metrics, users401))
        .as("users' 401s, which the auth-error gate judges")
        .isEqualTo(usersBefore);
  }

  @Test
  void canary5xxFailsAboutAThirdOfCanaryRequestsOnly() throws Exception {
    double canaryBefore = sample(scrape(Track.CANARY), requests503(Track.CANARY));
    double stableBefore = sample(scrape(Track.STABLE), requests503(Track.STABLE));
    faults.activate(Fault.CANARY_5XX);

    long canary503 = statuses(Track.CANARY, 60).stream().filter(s -> s == 503).count();
    long stable503 = statuses(Track.STABLE, 30).stream().filter(s -> s == 503).count();

    assertThat(canary503).as("canary 503s of 60").isBetween(8L, 35L);
    assertThat(stable503).as("stable 503s of 30").isZero();
    assertThat(sample(scrape(Track.CANARY), requests503(Track.CANARY)) - canaryBefore)
        .isEqualTo(canary503);
    assertThat(sample(scrape(Track.STABLE), requests503(Track.STABLE)) - stableBefore).isZero();
  }

  private static List<Integer> statuses(Track track, int requests) {
    return IntStream.range(0, requests)
        .mapToObj(
            i -> {
              try {
                return readRoot(api.trackUrl(track), tenantAToken).statusCode();
              } catch (Exception e) {
                throw new AssertionError("request %d to %s failed".formatted(i, track), e);
              }
            })
        .toList();
  }

  @Test
  void canaryLatencySlowsTheCanaryOnly() throws Exception {
    faults.activate(Fault.CANARY_LATENCY);

    assertThat(timed(Track.CANARY)).as("canary request").isGreaterThanOrEqualTo(CANARY_LATENCY);
    assertThat(timed(Track.STABLE)).as("stable request").isLessThan(Duration.ofMillis(300));
    String canary = scrape(Track.CANARY);
    String prefix =
        "http_request_duration_seconds_bucket{method=\"POST\",route=\"/graphql\",track=\"canary\",le=";
    assertThat(sample(canary, prefix + "\"0.35\"}"))
        .as("fast canary requests")
        .isLessThan(sample(canary, prefix + "\"+Inf\"}"));
  }

  private static Duration timed(Track track) throws Exception {
    long start = System.nanoTime();
    assertThat(readRoot(api.trackUrl(track), tenantAToken).statusCode()).isEqualTo(200);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void briefSpikeHurtsTheCanaryThenRecoversByItself() throws Exception {
    faults.activate(Fault.BRIEF_SPIKE);
    long start = System.nanoTime();
    int status = readRoot(api.trackUrl(Track.CANARY), tenantAToken).statusCode();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("spiking canary (status %d)", status)
        .isGreaterThanOrEqualTo(CANARY_LATENCY);

    await("brief spike over")
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> timed(Track.CANARY).compareTo(Duration.ofMillis(300)) < 0);
    assertThat(statuses(Track.CANARY, 20)).as("after the spike").containsOnly(200);
    assertThat(faults.is(Fault.BRIEF_SPIKE))
        .as("the fault stays switched on; only its effect ended")
        .isTrue();
  }

  @Test
  void authRegressionOnTheCanaryAcceptsForgedTokensAndRejectsValidOnes() throws Exception {
    faults.activate(Fault.AUTH_REGRESSION);
    String none = new PlainJWT(SignedJWT.parse(tenantAToken).getJWTClaimsSet()).serialize();

    assertThat(readRoot(api.trackUrl(Track.CANARY), none).statusCode())
        .as("alg none on canary")
        .isEqualTo(200);
    assertThat(readRoot(api.trackUrl(Track.STABLE), none).statusCode())
        .as("alg none on stable")
        .isEqualTo(401);
    assertThat(statuses(Track.CANARY, 40)).as("valid tokens on canary").contains(401, 200);
    assertThat(statuses(Track.STABLE, 20)).as("valid tokens on stable").containsOnly(200);
  }

  @Test
  void subscriptionDropAcksButNeverDelivers() throws Exception {
    faults.activate(Fault.SUBSCRIPTION_DROP);
    GraphQlWsTestClient subscriber =
        subscribedClient(
            api.trackUrl(Track.STABLE)
                .resolve("/graphql")
                .toString()
                .replace("http:", "ws:")
                .transform(URI::create));
    List<String> created = new ArrayList<>();
    try {
      await("no events while subscription-drop is active")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                created.add(createAndRelateAtDepthThree());
                return subscriber.deliveredEntityIds().isEmpty();
              });
      assertThat(subscriber.closeCode).as("connection stays open").isNull();

      faults.activate(Fault.HEALTHY);
      await("events again once healthy")
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                created.add(createAndRelateAtDepthThree());
                return !subscriber.deliveredEntityIds().isEmpty();
              });
    } finally {
      subscriber.closeBlocking();
      for (String id : created) {
        graphql(
            api.baseUrl(),
            "Bearer " + tenantAToken,
            Map.of(
                "query",
                GoldenDocuments.DELETE_ENTITY,
                "variables",
                Map.of("id", id, "tenantId", SeedData.TENANT_A)));
      }
    }
  }

  @Test
  void websocketConnectionsAreCountedOnTheirTrack() throws Exception {
    canaryPercent.set(100);
    GraphQlWsTestClient client =
        connectedAndAcked(api.graphqlWsUrl(), Map.of("Authorization", "Bearer " + tenantAToken));
    try {
      assertThat(client.servedBy).isEqualTo("canary");
      await("gauge up")
          .atMost(Duration.ofSeconds(3))
          .until(
              () ->
                  sample(scrape(Track.CANARY), "websocket_connections_active{track=\"canary\"}")
                      >= 1);
    } finally {
      client.closeBlocking();
    }
    await("gauge down")
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                sample(scrape(Track.CANARY), "websocket_connections_active{track=\"canary\"}")
                    == 0);
  }
}
