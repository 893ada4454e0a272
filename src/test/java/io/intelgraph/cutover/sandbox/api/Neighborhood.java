package io.intelgraph.cutover.sandbox.api;

import java.util.List;

/**
 * The result of a breadth-first walk: entities with their distance from the start, and the edges
 * walked.
 */
record Neighborhood(List<Reached> entities, List<Edge> edges, int depthReached) {
  Neighborhood {
    entities = List.copyOf(entities);
    edges = List.copyOf(edges);
  }

  /** An entity and its BFS depth (0 for the start entity). */
  record Reached(String id, String kind, int depth) {}
}
