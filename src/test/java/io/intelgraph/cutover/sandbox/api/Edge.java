package io.intelgraph.cutover.sandbox.api;

/** A directed, typed relation between two entities of one tenant. */
record Edge(String from, String to, String type) {
  Edge {
    Entity.requireText(from, "edge from");
    Entity.requireText(to, "edge to");
    Entity.requireText(type, "edge type");
  }
}
