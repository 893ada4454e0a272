package io.intelgraph.cutover.config;

import java.util.Optional;

/**
 * The PromQL behind a business KPI line that has no built-in metric (regional latency, Neo4j
 * page-cache hit rate, ...): absent means the line is reported "not configured" and skipped with
 * that reason, never passed. {@code {{window}}} in the query is replaced by the KPI window, e.g.
 * {@code 86400s}.
 *
 * <pre>{@code
 * kpi:
 *   queries:
 *     neo4j_page_cache_hit:
 *       query: avg(neo4j_page_cache_hit_ratio)
 *       threshold: "> 85%"
 * }</pre>
 *
 * @param threshold every series of the answer must meet it; absent means the value is reported
 *     (data must still exist), as the runbook asks for a number without a target
 */
public record KpiQuery(String name, String query, Optional<Threshold> threshold) {
  public KpiQuery {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query is empty; give the PromQL for " + name);
    }
  }
}
