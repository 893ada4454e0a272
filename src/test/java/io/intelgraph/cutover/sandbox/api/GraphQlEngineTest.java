package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphQlEngineTest {

  private final EntityStore store = new EntityStore(Clock.systemUTC());
  private final GraphQlEngine engine = new GraphQlEngine(store, Runnable::run);
  private final Caller tenantA = new Caller("user", Optional.of(SeedData.TENANT_A));

  GraphQlEngineTest() {
    SeedData.seed(store);
  }

  private GraphQlEngine.Outcome run(Caller caller, String query, Map<String, Object> variables) {
    return engine.execute(
        new GraphQlRequest(Optional.of(query), Optional.empty(), variables, Optional.empty()),
        caller);
  }

  @SuppressWarnings("unchecked")
  private static <T> T data(ExecutionResult result, String field) {
    return (T) ((Map<String, Object>) result.getData()).get(field);
  }

  @Test
  void createEntityAcceptsPropsAsJsonTextOrObjectAndCountsAsSuccess() {
    GraphQlEngine.Outcome fromText =
        run(
            tenantA,
            GoldenDocuments.CREATE_ENTITY,
            Map.of(
                "input",
                Map.of("tenantId", SeedData.TENANT_A, "kind", "Golden", "props", "{\"a\":1}")));
    GraphQlEngine.Outcome fromObject =
        run(
            tenantA,
            "mutation { createEntity(input: {tenantId: \"tenant-a\", kind: \"Golden\", labels: [\"x\"], props: {a: 1}}) { props labels } }",
            Map.of());

    assertThat(fromText.result().getErrors()).isEmpty();
    assertThat(fromText.operation()).isEqualTo("createEntity");
    assertThat(fromText.outcome()).isEqualTo("success");
    assertThat(data(fromText.result(), "createEntity").toString()).contains("props={a=1}");
    assertThat((Map<String, Object>) data(fromObject.result(), "createEntity"))
        .containsEntry("labels", List.of("x"))
        .containsEntry("props", Map.of("a", java.math.BigInteger.ONE));
  }

  @Test
  void aCallerOfAnotherTenantGetsForbidden() {
    GraphQlEngine.Outcome outcome =
        run(
            tenantA,
            GoldenDocuments.NEIGHBORHOOD,
            Map.of(
                "input",
                Map.of(
                    "startEntityId",
                    SeedData.TENANT_B_ROOT,
                    "tenantId",
                    SeedData.TENANT_B,
                    "maxDepth",
                    3)));

    assertThat(outcome.outcome()).isEqualTo("forbidden");
    assertThat(outcome.result().getErrors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
              assertThat(error.getMessage())
                  .isEqualTo("caller of tenant 'tenant-a' may not access tenant 'tenant-b'");
            });
  }

  @Test
  void aCallerWithoutTenantIsForbiddenEverywhere() {
    GraphQlEngine.Outcome outcome =
        run(
            new Caller("user", Optional.empty()),
            GoldenDocuments.ENTITY,
            Map.of("id", SeedData.TENANT_A_ROOT, "tenantId", SeedData.TENANT_A));

    assertThat(outcome.result().getErrors())
        .singleElement()
        .satisfies(
            error -> assertThat(error.getMessage()).startsWith("no tenant for caller 'user'"));
  }

  @Test
  void neighborhoodReportsHopsForTheMetrics() {
    GraphQlEngine.Outcome outcome =
        run(
            tenantA,
            GoldenDocuments.NEIGHBORHOOD,
            Map.of(
                "input",
                Map.of(
                    "startEntityId",
                    SeedData.TENANT_A_ROOT,
                    "tenantId",
                    SeedData.TENANT_A,
                    "maxDepth",
                    3)));

    assertThat(outcome.hops()).contains(3);
    assertThat((Map<String, Object>) data(outcome.result(), "graphNeighborhood"))
        .containsEntry("depthReached", 3);
  }

  @Test
  void persistedQueriesResolveKnownHashesRegisterMatchingOnesAndRejectTheRest() {
    String custom = "query { entity(id: \"seed-tenant-a-root\", tenantId: \"tenant-a\") { kind } }";
    GraphQlEngine.Outcome unknown =
        engine.execute(
            new GraphQlRequest(
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.of(GoldenDocuments.sha256(custom))),
            tenantA);
    GraphQlEngine.Outcome mismatch =
        engine.execute(
            new GraphQlRequest(
                Optional.of(custom), Optional.empty(), Map.of(), Optional.of("0".repeat(64))),
            tenantA);
    engine.execute(
        new GraphQlRequest(
            Optional.of(custom),
            Optional.empty(),
            Map.of(),
            Optional.of(GoldenDocuments.sha256(custom))),
        tenantA);
    GraphQlEngine.Outcome registered =
        engine.execute(
            new GraphQlRequest(
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.of(GoldenDocuments.sha256(custom))),
            tenantA);

    assertThat(unknown.result().getErrors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.getMessage()).isEqualTo("PersistedQueryNotFound");
              assertThat(error.getExtensions()).containsEntry("code", "PERSISTED_QUERY_NOT_FOUND");
            });
    assertThat(mismatch.result().getErrors())
        .singleElement()
        .satisfies(error -> assertThat(error.getMessage()).isEqualTo("PersistedQueryHashMismatch"));
    assertThat(registered.result().getErrors()).isEmpty();
    assertThat((Map<String, Object>) data(registered.result(), "entity"))
        .containsEntry("kind", "Person");
  }
}
