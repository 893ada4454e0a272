package io.intelgraph.cutover.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EntityStoreTest {

  private final EntityStore store = seeded();

  private static EntityStore seeded() {
    EntityStore store =
        new EntityStore(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
    SeedData.seed(store);
    return store;
  }

  private static Map<String, Integer> depths(Neighborhood n) {
    return n.entities().stream()
        .collect(Collectors.toMap(Neighborhood.Reached::id, Neighborhood.Reached::depth));
  }

  @Test
  void seedGuaranteesEntitiesAtDepthsOneTwoAndThree() {
    for (String tenant : SeedData.TENANTS) {
      Neighborhood n = store.neighborhood(tenant, SeedData.rootOf(tenant), 3, 100);

      assertThat(n.depthReached()).isEqualTo(3);
      assertThat(depths(n).values()).contains(0, 1, 2, 3).doesNotContain(4);
      assertThat(depths(n))
          .containsEntry(SeedData.rootOf(tenant), 0)
          .containsEntry("seed-" + tenant + "-d3", 3);
    }
  }

  @Test
  void bfsAssignsTheShortestDistanceAndReturnsOnlyEdgesBetweenReturnedEntities() {
    // a shortcut root -> d3 makes d3 depth 1 and pulls d4 to depth 2
    store.relate(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, "seed-tenant-a-d3", "SHORTCUT");

    Neighborhood n = store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 2, 100);

    assertThat(depths(n)).containsEntry("seed-tenant-a-d3", 1).containsEntry("seed-tenant-a-d4", 2);
    assertThat(n.edges())
        .allSatisfy(edge -> assertThat(depths(n)).containsKeys(edge.from(), edge.to()));
    assertThat(n.edges())
        .contains(new Edge(SeedData.TENANT_A_ROOT, "seed-tenant-a-d3", "SHORTCUT"));
  }

  @Test
  void limitCapsTheEntitiesIncludingTheStart() {
    Neighborhood n = store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 3, 3);

    assertThat(n.entities()).hasSize(3);
    assertThat(n.entities().get(0).depth()).isZero();
  }

  @Test
  void anotherTenantsEntitiesAreInvisible() {
    assertThat(store.find(SeedData.TENANT_B, SeedData.TENANT_A_ROOT)).isEmpty();
    assertThatThrownBy(() -> store.neighborhood(SeedData.TENANT_B, SeedData.TENANT_A_ROOT, 3, 10))
        .isInstanceOf(EntityStore.NotFoundException.class)
        .hasMessage("start entity 'seed-tenant-a-root' not found in tenant 'tenant-b'");
    assertThatThrownBy(
            () ->
                store.relate(
                    SeedData.TENANT_B, SeedData.TENANT_B_ROOT, SeedData.TENANT_A_ROOT, "X"))
        .hasMessage(
            "entity 'seed-tenant-a-root' not found in tenant 'tenant-b'; create it before relating it");
    assertThat(store.delete(SeedData.TENANT_B, SeedData.TENANT_A_ROOT)).isFalse();
    assertThat(store.find(SeedData.TENANT_A, SeedData.TENANT_A_ROOT)).isPresent();
  }

  @Test
  void deleteRemovesTheEntityAndItsEdges() {
    Entity leaf = store.create(SeedData.TENANT_A, "Golden", List.of(), Map.of());
    store.relate(SeedData.TENANT_A, "seed-tenant-a-d2-b", leaf.id(), "CITES");
    assertThat(depths(store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 3, 100)))
        .containsEntry(leaf.id(), 3);

    assertThat(store.delete(SeedData.TENANT_A, leaf.id())).isTrue();

    Neighborhood after = store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 3, 100);
    assertThat(depths(after)).doesNotContainKey(leaf.id());
    assertThat(after.edges()).noneMatch(edge -> edge.to().equals(leaf.id()));
  }

  @Test
  void listenersHearCreationsUntilTheyUnregister() {
    List<String> heard = new ArrayList<>();
    EntityStore.Registration registration = store.onCreated(entity -> heard.add(entity.id()));
    Entity first = store.create(SeedData.TENANT_A, "Golden", List.of(), Map.of());
    registration.close();
    store.create(SeedData.TENANT_A, "Golden", List.of(), Map.of());

    assertThat(heard).containsExactly(first.id());
  }

  @Test
  void depthAndLimitOutOfRangeSayWhatIsAllowed() {
    assertThatThrownBy(() -> store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 0, 10))
        .hasMessage("maxDepth is 0; expected 1..6");
    assertThatThrownBy(() -> store.neighborhood(SeedData.TENANT_A, SeedData.TENANT_A_ROOT, 3, 5000))
        .hasMessage("limit is 5000; expected 1..1000");
  }
}
