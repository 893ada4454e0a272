package io.intelgraph.cutover.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.config.GraphQlOperation;
import io.intelgraph.cutover.config.HttpProtocol;
import io.intelgraph.cutover.golden.GraphQlTestPeer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The goldens' protocol logic against a real OIDC provider and a small GraphQL/WS peer that can
 * regress on demand.
 */
class GoldensAgainstPeerTest {

  static MockProvider provider;
  static OidcLogin login;
  static GraphQlTestPeer peer;
  static GraphQlClient api;
  static GraphQlClient otherTenantApi;
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Goldens GOLDENS = goldens(TIMEOUT);

  static Goldens goldens(Duration callTimeout) {
    return new Goldens(
        3,
        Duration.ZERO,
        callTimeout,
        "/graphql",
        "tenant-a",
        "tenant-b",
        "seed-tenant-a-root",
        100,
        "GoldenProbe",
        new Goldens.Targets(
            Duration.ofMillis(1500),
            Duration.ofMillis(500),
            Duration.ofMillis(1200),
            Duration.ofMillis(1000),
            Duration.ofMillis(2000)),
        new Goldens.Operations(
            operation(
                "mutation CreateEntity($input: EntityInput!) { createEntity(input: $input) { id tenantId labels props } }",
                "CreateEntity",
                Map.of(
                    "input",
                    Map.of(
                        "tenantId",
                        "{{tenant}}",
                        "kind",
                        "{{kind}}",
                        "labels",
                        "{{labels}}",
                        "props",
                        "{{props}}")),
                Map.of("id", "/data/createEntity/id", "tenant", "/data/createEntity/tenantId")),
            operation(
                "query Entity($id: ID!, $tenantId: String!) { entity(id: $id, tenantId: $tenantId) { id tenantId labels props } }",
                "Entity",
                Map.of("id", "{{id}}", "tenantId", "{{tenant}}"),
                Map.of(
                    "entity",
                    "/data/entity",
                    "id",
                    "/data/entity/id",
                    "labels",
                    "/data/entity/labels",
                    "marker",
                    "/data/entity/props/goldenMarker")),
            operation(
                "mutation DeleteEntity($id: ID!, $tenantId: String!) { deleteEntity(id: $id, tenantId: $tenantId) }",
                "DeleteEntity",
                Map.of("id", "{{id}}", "tenantId", "{{tenant}}"),
                Map.of("deleted", "/data/deleteEntity")),
            operation(
                "query Neighborhood($input: NeighborhoodInput!) { graphNeighborhood(input: $input) { depthReached entities { id depth } } }",
                "Neighborhood",
                Map.of(
                    "input",
                    Map.of(
                        "startEntityId",
                        "{{seed_entity_id}}",
                        "tenantId",
                        "{{tenant}}",
                        "maxDepth",
                        "{{max_depth}}",
                        "limit",
                        "{{limit}}")),
                Map.of(
                    "entities",
                    "/data/graphNeighborhood/entities",
                    "entity_id",
                    "/id",
                    "entity_depth",
                    "/depth",
                    "depth",
                    "/data/graphNeighborhood/depthReached")),
            operation(
                "subscription EntityCreated($tenantId: String!) { entityCreated(tenantId: $tenantId) { id tenantId labels } }",
                "EntityCreated",
                Map.of("tenantId", "{{tenant}}"),
                Map.of(
                    "entity",
                    "/data/entityCreated",
                    "tenant",
                    "/data/entityCreated/tenantId",
                    "labels",
                    "/data/entityCreated/labels"))),
        Optional.empty(),
        Optional.of(GraphQlTestPeer.TRACK_HEADER),
        new Goldens.TrackValues(List.of("canary"), List.of("stable")),
        20,
        Duration.ofSeconds(30),
        HttpProtocol.AUTO,
        Goldens.TokenSource.LOGIN);
  }

  static GraphQlOperation operation(
      String document, String name, Map<String, Object> variables, Map<String, String> read) {
    return new GraphQlOperation(document, name, Optional.empty(), variables, read);
  }

  @BeforeAll
  static void start() throws Exception {
    provider = new MockProvider();
    login = provider.login();
    peer = new GraphQlTestPeer(login.validator());
    BearerToken tenantA = login.authorizationCode(login.account("tenant-a")).accessToken();
    BearerToken tenantB = login.authorizationCode(login.otherAccount("tenant-b")).accessToken();
    api = new GraphQlClient(peer.graphql(), () -> tenantA, TIMEOUT);
    otherTenantApi = new GraphQlClient(peer.graphql(), () -> tenantB, TIMEOUT);
  }

  @AfterAll
  static void stop() {
    peer.close();
    provider.close();
  }

  @AfterEach
  void correctAgain() {
    peer.behave(Behaviour.CORRECT);
    peer.serveAs(() -> "stable");
  }

  @Test
  void entityWriteCreatesReadsBackAndCleansUp() {
    GoldenResult result =
        new EntityWriteGolden(api, GOLDENS.operations(), "tenant-a", "GoldenProbe").run();

    assertThat(result.passed()).as("%s", result).isTrue();
    assertThat(result.timings()).containsKeys(EntityWriteGolden.METRIC, "read-back", "clean-up");
    assertThat(peer.storedEntities()).as("entities left behind").isZero();
  }

  @Test
  void entityWriteForbiddenForTheTenantSaysWhatTheApiAnswered() {
    GoldenResult result =
        new EntityWriteGolden(otherTenantApi, GOLDENS.operations(), "tenant-a", "GoldenProbe")
            .run();

    assertThat(result.passed()).isFalse();
    assertThat(result.failure())
        .get()
        .asString()
        .contains(
            "CreateEntity as tenant tenant-a at "
                + peer.graphql()
                + " failed: HTTP 200, errors [FORBIDDEN]");
  }

  @Test
  void threeHopQueryPassesOnTheFullShape() {
    GoldenResult result =
        new GraphQueryGolden(
                api,
                GOLDENS.operations().graphNeighborhood(),
                "tenant-a",
                "seed-tenant-a-root",
                100)
            .run();

    assertThat(result.passed()).as("%s", result).isTrue();
    assertThat(result.timing(GraphQueryGolden.METRIC))
        .get()
        .matches(d -> !d.isZero() && !d.isNegative());
  }

  @Test
  void threeHopQueryFailsWhenTheGraphIsShallowAndSaysWhatWasMissing() {
    peer.behave(Behaviour.SHALLOW_GRAPH);

    GoldenResult result =
        new GraphQueryGolden(
                api,
                GOLDENS.operations().graphNeighborhood(),
                "tenant-a",
                "seed-tenant-a-root",
                100)
            .run();

    assertThat(result.passed()).isFalse();
    assertThat(result.failure())
        .get()
        .asString()
        .isEqualTo(
            "Neighborhood from seed-tenant-a-root (tenant tenant-a): depth is 2 (at /data/graphNeighborhood/depthReached), expected 3; no entity at depth 3; entities per depth {1=1, 2=1}");
  }

  @Test
  void subscriptionReceivesItsOwnWriteAndMeasuresConnectAndEvent() {
    GoldenResult result =
        new SubscriptionGolden(
                SubscriptionGolden.webSocketUri(api.endpoint()),
                api,
                GOLDENS.operations(),
                "tenant-a",
                "GoldenProbe")
            .run();

    assertThat(result.passed()).as("%s", result).isTrue();
    assertThat(result.timings())
        .containsKeys(SubscriptionGolden.CONNECT, SubscriptionGolden.EVENT, "write");
    assertThat(result.timing(SubscriptionGolden.EVENT).orElseThrow())
        .isGreaterThanOrEqualTo(result.timing("write").orElseThrow());
    assertThat(peer.storedEntities()).isZero();
  }

  @Test
  void aSilentSubscriptionServerFailsWithinItsBoundNamingTheStep() {
    peer.behave(Behaviour.SILENT_WEBSOCKET);
    GraphQlClient quick = new GraphQlClient(peer.graphql(), api::token, Duration.ofMillis(400));
    long start = System.nanoTime();

    GoldenResult result =
        new SubscriptionGolden(
                SubscriptionGolden.webSocketUri(quick.endpoint()),
                quick,
                GOLDENS.operations(),
                "tenant-a",
                "GoldenProbe")
            .run();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(result.failure())
        .get()
        .asString()
        .startsWith("subscription: step 'connection_ack' timed out after 400 ms");
  }

  @Test
  void aSubscriptionWithAForgedTokenIsClosedAndTheGoldenSaysSo() {
    BearerToken forged = TokenForge.of(api.token()).unsigned();
    GraphQlClient forgedApi = new GraphQlClient(peer.graphql(), () -> forged, TIMEOUT);

    GoldenResult result =
        new SubscriptionGolden(
                SubscriptionGolden.webSocketUri(forgedApi.endpoint()),
                forgedApi,
                GOLDENS.operations(),
                "tenant-a",
                "GoldenProbe")
            .run();

    assertThat(result.failure())
        .get()
        .asString()
        .contains("step 'connection_ack'")
        .contains("closed the connection (code 4403");
  }

  @Test
  void securityGoldensAllPassAgainstACorrectApi() {
    BearerToken expired =
        new BearerToken(
            provider
                .server
                .anyToken(
                    HttpUrl.get(provider.issuer().toString()),
                    Map.of(
                        "sub",
                        "golden-user",
                        "aud",
                        List.of(MockProvider.AUDIENCE),
                        "tenant",
                        "tenant-a"),
                    Duration.ofMinutes(-5))
                .serialize());
    SecurityGoldens security =
        new SecurityGoldens(
            api,
            otherTenantApi,
            GOLDENS,
            login.provider().jwksUri(),
            Optional.of(expired),
            "tenant");

    List<GoldenResult> results = security.runAll();

    assertThat(results).hasSize(7).allSatisfy(r -> assertThat(r.passed()).as("%s", r).isTrue());
    assertThat(peer.storedEntities()).isZero();
  }

  @Test
  void withoutAnExpiredTokenThatCheckIsNotRunAndNeverPasses() {
    GoldenResult result =
        new SecurityGoldens(
                api,
                otherTenantApi,
                GOLDENS,
                login.provider().jwksUri(),
                Optional.empty(),
                "tenant")
            .expiredToken();

    assertThat(result.passed()).isFalse();
    assertThat(result.status())
        .as("a missing prerequisite is no regression")
        .isEqualTo(GoldenResult.Status.ERROR);
    assertThat(result.failure())
        .get()
        .asString()
        .startsWith("not run: no expired token signed by the provider is configured");
  }

  @Test
  void anApiThatAcceptsAnyTokenFailsEveryForgeryWithTheEvidence() {
    peer.behave(Behaviour.ACCEPTS_ANY_TOKEN);
    SecurityGoldens security =
        new SecurityGoldens(
            api, otherTenantApi, GOLDENS, login.provider().jwksUri(), Optional.empty(), "tenant");

    assertThat(
            List.of(
                security.signedByAnotherKey(),
                security.unsignedAlgNone(),
                security.hmacWithPublicKey()))
        .allSatisfy(
            r ->
                assertThat(r.failure())
                    .get()
                    .asString()
                    .contains("answered HTTP 200, errors [] instead of 401")
                    .contains("Entity"));
    assertThat(security.tamperedPayload().failure())
        .get()
        .asString()
        .contains("errors [FORBIDDEN]")
        .contains("instead of 401");
    assertThat(security.noToken().passed()).isTrue();
  }

  @Test
  void anApiWithoutTenantChecksFailsTheIsolationGolden() {
    peer.behave(Behaviour.NO_TENANT_CHECK);

    GoldenResult result =
        new SecurityGoldens(
                api,
                otherTenantApi,
                GOLDENS,
                login.provider().jwksUri(),
                Optional.empty(),
                "tenant")
            .crossTenantRead();

    assertThat(result.status()).isEqualTo(GoldenResult.Status.FAILED);
    assertThat(result.failure())
        .get()
        .asString()
        .startsWith("tenant tenant-b read entity ent-")
        .contains("of tenant tenant-a (asking with tenantId tenant-a)")
        .contains("tenant isolation is broken");
    assertThat(peer.storedEntities()).isZero();
  }

  @Test
  void theLoginGoldenMeasuresTheWholeLogin() {
    GoldenResult result = login.golden(login.account("tenant-a"));

    assertThat(result.passed()).as("%s", result).isTrue();
    assertThat(result.timings()).containsKeys(OidcLogin.METRIC, "authorize", "login form", "token");
  }

  @Test
  void samplingAGoldenReportsPercentilesAndATable() {
    Sampler sampler = Sampler.from(GOLDENS);
    EntityWriteGolden write =
        new EntityWriteGolden(api, GOLDENS.operations(), "tenant-a", "GoldenProbe");

    SamplingReport report =
        sampler.sample(
            EntityWriteGolden.NAME,
            write::run,
            Map.of(EntityWriteGolden.METRIC, Duration.ofSeconds(2)));

    assertThat(report.runs()).isEqualTo(3);
    assertThat(report.errors()).isZero();
    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.toTable()).contains("| entity write | 3 | 0 |").contains("| 2000 ms | met |");
  }

  private static SecurityGoldens security(GraphQlClient tenantA, GraphQlClient tenantB) {
    return new SecurityGoldens(
        tenantA, tenantB, GOLDENS, login.provider().jwksUri(), Optional.empty(), "tenant");
  }

  @Test
  void isolationIsAnErrorNotAPassWhenTheOtherTenantsReadAnswers500() {
    peer.behave(Behaviour.ENTITY_READS_FAIL);

    GoldenResult result = security(api, otherTenantApi).crossTenantRead();

    assertThat(result.status()).isEqualTo(GoldenResult.Status.ERROR);
    assertThat(result.failure())
        .get()
        .asString()
        .startsWith("tenant tenant-b reading entity ent-")
        .contains(
            "(asking with tenantId tenant-a): HTTP 500, errors []: 500 Internal Server Error is neither a successful answer without the entity nor an authorization refusal")
        .contains(
            "so isolation is not proven; body: <html><body><h1>500 Internal Server Error</h1></body></html>");
    assertThat(peer.storedEntities()).isZero();
  }

  @Test
  void isolationIsAnErrorNotAPassWhenTheOtherTenantsTokenIsRefusedBy401() {
    peer.behave(Behaviour.OTHER_TENANT_REFUSED);

    GoldenResult result = security(api, otherTenantApi).crossTenantRead();

    assertThat(result.status()).isEqualTo(GoldenResult.Status.ERROR);
    assertThat(result.failure())
        .get()
        .asString()
        .contains("HTTP 401, errors [UNAUTHENTICATED]")
        .contains(
            "is neither a successful answer without the entity nor an authorization refusal (HTTP 403 or a GraphQL error coded [FORBIDDEN,");
  }

  @Test
  void isolationIsAnErrorWhenTheOtherTenantsReadTimesOut() {
    GraphQlClient unreachable =
        new GraphQlClient(
            java.net.URI.create("http://127.0.0.1:9/graphql"),
            otherTenantApi::token,
            Duration.ofMillis(300));

    GoldenResult result = security(api, unreachable).crossTenantRead();

    assertThat(result.status()).isEqualTo(GoldenResult.Status.ERROR);
    assertThat(result.failure())
        .get()
        .asString()
        .startsWith("tenant tenant-b reading entity ent-")
        .contains("got no answer");
    assertThat(peer.storedEntities()).isZero();
  }

  @Test
  void isolationPassesOnlyOnAnExplicitRefusalOrAnAnswerWithoutTheEntity() {
    JsonNode nullEntity = Json.parse("test", "{\"entity\":null}");
    JsonNode noEntity = Json.parse("test", "{}");
    JsonNode forbidden =
        Json.parse("test", "{\"message\":\"no\",\"extensions\":{\"code\":\"access-denied\"}}");
    JsonNode internal =
        Json.parse(
            "test",
            "{\"message\":\"db down\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}");
    JsonNode none = tools.jackson.databind.node.MissingNode.getInstance();

    assertThat(
            SecurityGoldens.isolated(
                new GraphQlResponse(200, nullEntity, List.of(), Duration.ZERO, "")))
        .isTrue();
    assertThat(
            SecurityGoldens.isolated(
                new GraphQlResponse(200, noEntity, List.of(forbidden), Duration.ZERO, "")))
        .isTrue();
    assertThat(
            SecurityGoldens.isolated(new GraphQlResponse(403, none, List.of(), Duration.ZERO, "")))
        .isTrue();
    assertThat(
            SecurityGoldens.isolated(
                new GraphQlResponse(200, noEntity, List.of(), Duration.ZERO, "")))
        .as("no data.entity at all")
        .isFalse();
    assertThat(
            SecurityGoldens.isolated(
                new GraphQlResponse(200, nullEntity, List.of(internal), Duration.ZERO, "")))
        .as("a field error")
        .isFalse();
    assertThat(
            SecurityGoldens.isolated(new GraphQlResponse(401, none, List.of(), Duration.ZERO, "")))
        .isFalse();
    assertThat(
            SecurityGoldens.isolated(new GraphQlResponse(503, none, List.of(), Duration.ZERO, "")))
        .isFalse();
  }

  @Test
  void aRejectionCheckThatCannotReachTheApiIsAnErrorNotARegression() {
    GraphQlClient unreachable =
        new GraphQlClient(
            java.net.URI.create("http://127.0.0.1:9/graphql"), api::token, Duration.ofMillis(300));

    SecurityFindings findings =
        SecurityFindings.of(security(unreachable, otherTenantApi).withAttempts(5).runAll());

    assertThat(findings.regressed()).as("%s", findings.results()).isFalse();
    assertThat(findings.inconclusive()).hasSize(7);
    assertThat(findings.inconclusive().get(0).failure())
        .get()
        .asString()
        .startsWith("could not run (attempt 1 of 5): ");
  }

  @Test
  void anApiThatAcceptsForgeriesIsARegressionEvenAmongChecksThatCouldNotJudge() {
    peer.behave(Behaviour.ACCEPTS_ANY_TOKEN);

    SecurityFindings findings = SecurityFindings.of(security(api, otherTenantApi).runAll());

    assertThat(findings.regressions())
        .extracting(GoldenResult::name)
        .contains("Security: alg none", "Security: token signed by another key");
    assertThat(findings.inconclusive())
        .extracting(GoldenResult::name)
        .containsExactly("Security: expired token");
  }

  @Test
  void eachRunRecordsTheTrackTheEdgeNamedIncludingTheSubscriptionsUpgrade() {
    peer.serveAs(() -> "canary");
    GraphQlClient tracked =
        new GraphQlClient(peer.graphql(), api::token, TIMEOUT, TrackAttribution.from(GOLDENS));

    GoldenResult write =
        new EntityWriteGolden(tracked, GOLDENS.operations(), "tenant-a", "GoldenProbe").run();
    GoldenResult query =
        new GraphQueryGolden(
                tracked,
                GOLDENS.operations().graphNeighborhood(),
                "tenant-a",
                "seed-tenant-a-root",
                100)
            .run();
    GoldenResult subscription =
        new SubscriptionGolden(
                SubscriptionGolden.webSocketUri(tracked.endpoint()),
                tracked,
                GOLDENS.operations(),
                "tenant-a",
                "GoldenProbe")
            .run();

    assertThat(List.of(write, query, subscription))
        .allSatisfy(r -> assertThat(r.track()).as("%s", r).isEqualTo(ServingTrack.CANARY));
    peer.serveAs(() -> "blue");
    assertThat(
            new GraphQueryGolden(
                    tracked,
                    GOLDENS.operations().graphNeighborhood(),
                    "tenant-a",
                    "seed-tenant-a-root",
                    100)
                .run()
                .track())
        .as("a value that names neither track")
        .isEqualTo(ServingTrack.UNKNOWN);
  }

  @Test
  void theCanarysGoldensFailWhenTheEdgeNeverRoutesToTheCanary() {
    GraphQlClient tracked =
        new GraphQlClient(peer.graphql(), api::token, TIMEOUT, TrackAttribution.from(GOLDENS));
    EntityWriteGolden write =
        new EntityWriteGolden(tracked, GOLDENS.operations(), "tenant-a", "GoldenProbe");

    SamplingReport report =
        Sampler.from(GOLDENS)
            .sampleOnCanary(
                EntityWriteGolden.NAME,
                write::run,
                Map.of(EntityWriteGolden.METRIC, Duration.ofSeconds(2)),
                tracked.tracks(),
                GOLDENS.canaryMaxRuns(),
                GOLDENS.canaryMaxDuration());

    assertThat(report.passed()).isFalse();
    assertThat(report.summary())
        .contains("0 of 20 samples reached the canary (needed 3; track by response header x-track)")
        .contains("served by stable 20");
  }

  @Test
  void theCanarysOwnEndpointServesTheCanaryByConstruction() {
    GraphQlClient canary =
        new GraphQlClient(
            peer.graphql(),
            api::token,
            TIMEOUT,
            TrackAttribution.always(ServingTrack.CANARY, "endpoints.canary_api " + peer.graphql()));
    EntityWriteGolden write =
        new EntityWriteGolden(canary, GOLDENS.operations(), "tenant-a", "GoldenProbe");

    SamplingReport report =
        Sampler.from(GOLDENS)
            .sampleOnCanary(
                EntityWriteGolden.NAME,
                write::run,
                Map.of(EntityWriteGolden.METRIC, Duration.ofSeconds(2)),
                canary.tracks(),
                GOLDENS.canaryMaxRuns(),
                GOLDENS.canaryMaxDuration());

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.summary())
        .contains(
            "3 of 3 samples reached the canary (needed 3; track by endpoints.canary_api http://127.0.0.1:");
  }
}
