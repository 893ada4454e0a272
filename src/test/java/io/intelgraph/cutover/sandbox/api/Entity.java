package io.intelgraph.cutover.sandbox.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One stored graph entity; always owned by exactly one tenant. */
record Entity(
    String id,
    String tenantId,
    String kind,
    List<String> labels,
    Map<String, Object> props,
    Instant createdAt) {
  Entity {
    requireText(id, "id");
    requireText(tenantId, "tenantId");
    requireText(kind, "kind");
    labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
    props = Map.copyOf(Objects.requireNonNullElse(props, Map.of()));
    Objects.requireNonNull(createdAt, "createdAt");
  }

  static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "entity %s is '%s'; expected a non-blank string".formatted(name, value));
    }
    return value;
  }
}
