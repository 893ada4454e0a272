package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.GraphQlOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The 3-hop query golden: {@code graph_neighborhood} from the seed entity with {@code maxDepth: 3}.
 * It passes when the answer has no errors, the overall depth (where read) is 3, and at least one
 * entity sits at each depth 1, 2 and 3 and none deeper. An entity's depth is read per entity
 * ({@code read.entity_depth}) or counted as hops from the seed over the returned edges ({@code
 * read.edges}), so an API without a per-entity depth fits by configuration; its latency ({@value
 * #METRIC}) is the query's round trip, compared with the target by the {@link Sampler}.
 *
 * <pre>{@code
 * GoldenResult result = new GraphQueryGolden(api, operations.graphNeighborhood(), "tenant-a", "seed-tenant-a-root", 100).run();
 * }</pre>
 */
public final class GraphQueryGolden {

  public static final String NAME = "3-hop query";
  public static final String METRIC = "3-hop query";
  static final int HOPS = 3;

  private final GraphQlClient api;
  private final GraphQlOperation operation;
  private final String tenant;
  private final String seedEntityId;
  private final int limit;

  public GraphQueryGolden(
      GraphQlClient api,
      GraphQlOperation operation,
      String tenant,
      String seedEntityId,
      int limit) {
    this.api = api;
    this.operation = operation;
    this.tenant = tenant;
    this.seedEntityId = seedEntityId;
    this.limit = limit;
  }

  public GoldenResult run() {
    Instant startedAt = Instant.now();
    GraphQlResponse response;
    try {
      response =
          api.call(
              operation,
              Map.of(
                  "seed_entity_id",
                  seedEntityId,
                  "tenant",
                  tenant,
                  "max_depth",
                  HOPS,
                  "limit",
                  limit));
    } catch (GoldenException e) {
      return GoldenResult.failed(NAME, startedAt, Map.of(), e.getMessage());
    }
    Map<String, Duration> timings = Map.of(METRIC, response.elapsed());
    String entitiesPointer = operation.pointer("entities").orElseThrow();
    JsonNode entities = response.at(entitiesPointer);
    if (response.status() != 200 || !response.errors().isEmpty() || !entities.isArray()) {
      return GoldenResult.failed(
              NAME,
              startedAt,
              timings,
              "%s from %s (tenant %s) at %s failed: %s; no list of entities at %s; body: %s"
                  .formatted(
                      operation.operationName(),
                      seedEntityId,
                      tenant,
                      api.endpoint(),
                      response.describe(),
                      entitiesPointer,
                      response.bodyExcerpt()))
          .servedBy(response.track());
    }
    StringBuilder wrong = new StringBuilder();
    Optional<Integer> depthReached = operation.pointer("depth").map(p -> response.at(p).asInt(-1));
    depthReached
        .filter(d -> d != HOPS)
        .ifPresent(
            d ->
                wrong
                    .append("depth is ")
                    .append(d)
                    .append(" (at ")
                    .append(operation.pointer("depth").get())
                    .append("), expected 3; "));
    Optional<Map<String, Integer>> depths = depthsOf(response, entities);
    Map<Integer, Integer> perDepth = new TreeMap<>();
    if (depths.isPresent()) {
      depths.get().values().forEach(d -> perDepth.merge(d, 1, Integer::sum));
      for (int depth = 1; depth <= HOPS; depth++) {
        if (!perDepth.containsKey(depth))
          wrong.append("no entity at depth ").append(depth).append("; ");
      }
      perDepth.keySet().stream()
          .filter(d -> d > HOPS)
          .findFirst()
          .ifPresent(
              d -> wrong.append("an entity at depth ").append(d).append(" beyond maxDepth 3; "));
      perDepth.keySet().stream()
          .filter(d -> d < 0)
          .findFirst()
          .ifPresent(
              d ->
                  wrong.append(
                      operation.pointer("entity_depth").isPresent()
                          ? "an entity without a depth at "
                              + operation.pointer("entity_depth").get()
                              + "; "
                          : "an entity the returned edges do not connect to the seed; "));
    } else if (entities.isEmpty()) {
      wrong.append("no entities; ");
    }
    if (!wrong.isEmpty()) {
      return GoldenResult.failed(
              NAME,
              startedAt,
              timings,
              "%s from %s (tenant %s): %sentities per depth %s"
                  .formatted(operation.operationName(), seedEntityId, tenant, wrong, perDepth))
          .servedBy(response.track());
    }
    return GoldenResult.passed(NAME, startedAt, timings).servedBy(response.track());
  }

  /**
   * Each entity's depth: where the API gives one per entity ({@code entity_depth}), else counted as
   * hops from the seed over the returned edges (undirected, breadth first); empty when the
   * operation reads neither and only the overall depth is judged.
   */
  private Optional<Map<String, Integer>> depthsOf(GraphQlResponse response, JsonNode entities) {
    String idPointer = operation.pointer("entity_id").orElseThrow();
    Map<String, Integer> depths = new LinkedHashMap<>();
    if (operation.pointer("entity_depth").isPresent()) {
      String depthPointer = operation.pointer("entity_depth").get();
      int index = 0;
      for (JsonNode entity : entities) {
        JsonNode depth = entity.at(depthPointer);
        depths.put(
            entity.at(idPointer).asString("#" + index++), depth.isNumber() ? depth.asInt() : -1);
      }
      depths.remove(seedEntityId);
      return Optional.of(depths);
    }
    if (operation.pointer("edges").isEmpty()) return Optional.empty();
    Map<String, List<String>> adjacent = new HashMap<>();
    for (JsonNode edge : response.at(operation.pointer("edges").get())) {
      String from = edge.at(operation.pointer("edge_from").orElseThrow()).asString(null);
      String to = edge.at(operation.pointer("edge_to").orElseThrow()).asString(null);
      if (from == null || to == null) continue;
      adjacent.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
      adjacent.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
    }
    Map<String, Integer> hops = new HashMap<>(Map.of(seedEntityId, 0));
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(seedEntityId));
    while (!queue.isEmpty()) {
      String current = queue.poll();
      for (String next : adjacent.getOrDefault(current, List.of())) {
        if (hops.putIfAbsent(next, hops.get(current) + 1) == null) queue.add(next);
      }
    }
    for (JsonNode entity : entities) {
      String id = entity.at(idPointer).asString(null);
      if (id != null && !id.equals(seedEntityId)) depths.put(id, hops.getOrDefault(id, -1));
    }
    return Optional.of(depths);
  }
}
