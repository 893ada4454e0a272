package io.intelgraph.cutover.sandbox.api;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one in-memory graph both tracks share (the production database stand-in). Every read and
 * write is scoped to a tenant: an id of another tenant is simply not there. Listeners hear about
 * every created entity, whichever track created it.
 */
final class EntityStore {

  static final int MAX_DEPTH = 6;
  static final int MAX_LIMIT = 1_000;

  private record Key(String tenantId, String id) {}

  private final Clock clock;
  private final Map<Key, Entity> entities = new ConcurrentHashMap<>();

  /** Edges touching an entity, both directions: a neighborhood ignores edge direction. */
  private final Map<Key, Set<Edge>> adjacency = new ConcurrentHashMap<>();

  private final List<Consumer<Entity>> createdListeners = new CopyOnWriteArrayList<>();

  EntityStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Entity create(String tenantId, String kind, List<String> labels, Map<String, Object> props) {
    return put("ent-" + UUID.randomUUID(), tenantId, kind, labels, props);
  }

  /**
   * Creates an entity with a chosen id (seed data); replaces nothing: a duplicate id is an error.
   */
  Entity put(
      String id, String tenantId, String kind, List<String> labels, Map<String, Object> props) {
    Entity entity = new Entity(id, tenantId, kind, labels, props, clock.instant());
    if (entities.putIfAbsent(new Key(tenantId, id), entity) != null) {
      throw new IllegalStateException(
          "entity '%s' already exists in tenant '%s'".formatted(id, tenantId));
    }
    createdListeners.forEach(listener -> listener.accept(entity));
    return entity;
  }

  Optional<Entity> find(String tenantId, String id) {
    return Optional.ofNullable(entities.get(new Key(tenantId, id)));
  }

  /** Removes the entity and every edge touching it; false if the tenant has no such entity. */
  boolean delete(String tenantId, String id) {
    Key key = new Key(tenantId, id);
    if (entities.remove(key) == null) {
      return false;
    }
    Set<Edge> touching = adjacency.remove(key);
    if (touching != null) {
      for (Edge edge : touching) {
        String other = edge.from().equals(id) ? edge.to() : edge.from();
        Set<Edge> otherEdges = adjacency.get(new Key(tenantId, other));
        if (otherEdges != null) {
          otherEdges.remove(edge);
        }
      }
    }
    return true;
  }

  /** Relates two entities of the same tenant; both must exist in that tenant. */
  Edge relate(String tenantId, String fromId, String toId, String type) {
    for (String id : List.of(fromId, toId)) {
      if (find(tenantId, id).isEmpty()) {
        throw new NotFoundException(
            "entity '%s' not found in tenant '%s'; create it before relating it"
                .formatted(id, tenantId));
      }
    }
    Edge edge = new Edge(fromId, toId, type);
    adjacency
        .computeIfAbsent(new Key(tenantId, fromId), k -> ConcurrentHashMap.newKeySet())
        .add(edge);
    adjacency
        .computeIfAbsent(new Key(tenantId, toId), k -> ConcurrentHashMap.newKeySet())
        .add(edge);
    return edge;
  }

  /**
   * Breadth-first walk from the start entity over edges in both directions, up to maxDepth hops and
   * at most limit entities (the start counts).
   */
  Neighborhood neighborhood(String tenantId, String startId, int maxDepth, int limit) {
    if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "maxDepth is %d; expected 1..%d".formatted(maxDepth, MAX_DEPTH));
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit is %d; expected 1..%d".formatted(limit, MAX_LIMIT));
    }
    Entity start =
        find(tenantId, startId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "start entity '%s' not found in tenant '%s'".formatted(startId, tenantId)));
    Map<String, Integer> depthOf = new HashMap<>();
    List<Neighborhood.Reached> reached = new ArrayList<>();
    Set<Edge> walked = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    depthOf.put(start.id(), 0);
    reached.add(new Neighborhood.Reached(start.id(), start.kind(), 0));
    queue.add(start.id());
    int depthReached = 0;
    while (!queue.isEmpty() && reached.size() < limit) {
      String current = queue.poll();
      int depth = depthOf.get(current);
      if (depth == maxDepth) {
        continue;
      }
      for (Edge edge : adjacency.getOrDefault(new Key(tenantId, current), Set.of())) {
        String next = edge.from().equals(current) ? edge.to() : edge.from();
        Optional<Entity> nextEntity = find(tenantId, next);
        if (nextEntity.isEmpty()) {
          continue; // deleted concurrently
        }
        if (!depthOf.containsKey(next)) {
          if (reached.size() >= limit) {
            break;
          }
          depthOf.put(next, depth + 1);
          reached.add(new Neighborhood.Reached(next, nextEntity.get().kind(), depth + 1));
          depthReached = Math.max(depthReached, depth + 1);
          queue.add(next);
        }
        walked.add(edge);
      }
    }
    List<Edge> edges =
        walked.stream()
            .filter(e -> depthOf.containsKey(e.from()) && depthOf.containsKey(e.to()))
            .toList();
    return new Neighborhood(reached, edges, depthReached);
  }

  /** Registers a listener for every created entity; close the handle to stop listening. */
  Registration onCreated(Consumer<Entity> listener) {
    createdListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> createdListeners.remove(listener);
  }

  int size() {
    return entities.size();
  }

  /** A listener registration; closing it twice is harmless. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** A tenant-scoped lookup found nothing. */
  static final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
      super(message);
    }
  }
}
