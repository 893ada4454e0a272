package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.GraphQlOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The 3-hop query golden: {@code graphNeighborhood} from the seed entity with {@code maxDepth: 3}.
 * It passes when the answer has no errors, {@code depthReached} is 3, at least one entity sits at
 * each depth 1, 2 and 3 and none deeper; its latency ({@value #METRIC}) is the query's round trip,
 * compared with the target by the {@link Sampler}.
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

  public GraphQueryGolden(GraphQlClient api, GraphQlOperation operation, String tenant, String seedEntityId, int limit) {
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
      response = api.execute(operation, Map.of("input",
          Map.of("startEntityId", seedEntityId, "tenantId", tenant, "maxDepth", HOPS, "limit", limit)));
    } catch (GoldenException e) {
      return GoldenResult.failed(NAME, startedAt, Map.of(), e.getMessage());
    }
    Map<String, Duration> timings = Map.of(METRIC, response.elapsed());
    JsonNode neighborhood = response.data().path("graphNeighborhood");
    if (response.status() != 200 || !response.errors().isEmpty() || !neighborhood.isObject()) {
      return GoldenResult.failed(NAME, startedAt, timings, "graphNeighborhood from %s (tenant %s) at %s failed: %s; body: %s"
          .formatted(seedEntityId, tenant, api.endpoint(), response.describe(), response.bodyExcerpt())).servedBy(response.track());
    }
    Map<Integer, Integer> perDepth = new TreeMap<>();
    for (JsonNode entity : neighborhood.path("entities")) {
      perDepth.merge(entity.path("depth").asInt(-1), 1, Integer::sum);
    }
    int depthReached = neighborhood.path("depthReached").asInt(-1);
    StringBuilder wrong = new StringBuilder();
    if (depthReached != HOPS) wrong.append("depthReached is ").append(depthReached).append(", expected 3; ");
    for (int depth = 1; depth <= HOPS; depth++) {
      if (!perDepth.containsKey(depth)) wrong.append("no entity at depth ").append(depth).append("; ");
    }
    perDepth.keySet().stream().filter(d -> d > HOPS || d < 0).findFirst()
        .ifPresent(d -> wrong.append("an entity at depth ").append(d).append(" beyond maxDepth 3; "));
    if (!wrong.isEmpty()) {
      return GoldenResult.failed(NAME, startedAt, timings, "graphNeighborhood from %s (tenant %s): %sentities per depth %s"
          .formatted(seedEntityId, tenant, wrong, perDepth)).servedBy(response.track());
    }
    return GoldenResult.passed(NAME, startedAt, timings).servedBy(response.track());
  }
}
