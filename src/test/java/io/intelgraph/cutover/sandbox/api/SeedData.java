package io.intelgraph.cutover.sandbox.api;

import java.util.List;
import java.util.Map;

/**
 * The well-known data every reference API starts with, so golden transactions have something to
 * read: per tenant a root entity with at least one entity at each of depths 1, 2, 3 and 4. {@code
 * graphNeighborhood(input: {startEntityId: SeedData.TENANT_A_ROOT, tenantId: SeedData.TENANT_A,
 * maxDepth: 3, limit: 50})} reaches depth 3.
 */
public final class SeedData {

  public static final String TENANT_A = "tenant-a";
  public static final String TENANT_B = "tenant-b";
  public static final String TENANT_A_ROOT = "seed-tenant-a-root";
  public static final String TENANT_B_ROOT = "seed-tenant-b-root";

  /**
   * The tenants that are seeded: two the goldens use, four more so the load spreads under the KPI
   * watch's 20 % per tenant.
   */
  public static final List<String> TENANTS =
      List.of(TENANT_A, TENANT_B, "tenant-c", "tenant-d", "tenant-e", "tenant-f");

  private SeedData() {}

  /** The start entity of a seeded tenant: {@code seed-<tenant>-root}. */
  public static String rootOf(String tenant) {
    if (!TENANTS.contains(tenant)) {
      throw new IllegalArgumentException(
          "tenant '%s' is not seeded; seeded tenants are %s".formatted(tenant, TENANTS));
    }
    return "seed-" + tenant + "-root";
  }

  /**
   * The seeded root of a tenant, or the tenant-a root for an unseeded tenant (reads then answer
   * null, not an error).
   */
  static String rootOfOrAny(String tenant) {
    return TENANTS.contains(tenant) ? rootOf(tenant) : TENANT_A_ROOT;
  }

  /**
   * root - d1-a - d2 - d3 - d4, plus d1-b hanging off root and d2-b off d1-b: branches at depth 1
   * and 2 so a BFS has more than one path to walk.
   */
  static void seed(EntityStore store) {
    for (String tenant : TENANTS) {
      String p = "seed-" + tenant + "-";
      store.put(
          rootOf(tenant),
          tenant,
          "Person",
          List.of("seed", "root"),
          Map.of("name", "root of " + tenant));
      store.put(p + "d1-a", tenant, "Organization", List.of("seed"), Map.of("depth", 1));
      store.put(p + "d1-b", tenant, "Location", List.of("seed"), Map.of("depth", 1));
      store.put(p + "d2-a", tenant, "Event", List.of("seed"), Map.of("depth", 2));
      store.put(p + "d2-b", tenant, "Document", List.of("seed"), Map.of("depth", 2));
      store.put(p + "d3", tenant, "Person", List.of("seed"), Map.of("depth", 3));
      store.put(p + "d4", tenant, "Organization", List.of("seed"), Map.of("depth", 4));
      store.relate(tenant, rootOf(tenant), p + "d1-a", "WORKS_FOR");
      store.relate(tenant, rootOf(tenant), p + "d1-b", "LOCATED_AT");
      store.relate(tenant, p + "d1-a", p + "d2-a", "ORGANIZED");
      store.relate(tenant, p + "d1-b", p + "d2-b", "MENTIONED_IN");
      store.relate(tenant, p + "d2-a", p + "d3", "ATTENDED_BY");
      store.relate(tenant, p + "d3", p + "d4", "MEMBER_OF");
    }
  }
}
