package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import io.intelgraph.cutover.config.GraphQlOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The entity write golden: {@code create_entity} with a marker unique to the run (a label and a
 * prop), read back through {@code entity}, then {@code delete_entity}, which runs even when an
 * earlier step failed. The measured latency ({@value #METRIC}) is the mutation's round trip;
 * read-back and clean-up are timed as steps of their own. What each operation sends and where its
 * answer is read are the operations' {@code variables} and {@code read}.
 *
 * <pre>{@code
 * EntityWriteGolden write = new EntityWriteGolden(api, env.goldens().operations(), "tenant-a", "GoldenProbe");
 * GoldenResult result = write.run();
 * }</pre>
 */
public final class EntityWriteGolden {

  public static final String NAME = "Entity write";
  public static final String METRIC = "entity write";
  static final String MARKER_PROP = "goldenMarker";

  /**
   * An entity a golden created, with the marker it carries and the track that served the mutation.
   */
  record Created(String id, String marker, Duration elapsed, ServingTrack track) {}

  private final GraphQlClient api;
  private final Goldens.Operations operations;
  private final String tenant;
  private final String probeKind;

  public EntityWriteGolden(
      GraphQlClient api, Goldens.Operations operations, String tenant, String probeKind) {
    this.api = api;
    this.operations = operations;
    this.tenant = tenant;
    this.probeKind = probeKind;
  }

  public GoldenResult run() {
    Instant startedAt = Instant.now();
    Map<String, Duration> timings = new LinkedHashMap<>();
    String marker = newMarker();
    Created created = null;
    String failure = null;
    try {
      created = create(marker);
      timings.put(METRIC, created.elapsed());
      timings.put("read-back", readBack(created));
    } catch (GoldenException e) {
      failure = e.getMessage();
    } finally {
      if (created != null) {
        try {
          timings.put("clean-up", delete(created.id()));
        } catch (GoldenException e) {
          failure =
              (failure == null ? "" : failure + "; and ")
                  + "clean-up left entity "
                  + created.id()
                  + " behind: "
                  + e.getMessage();
        }
      }
    }
    GoldenResult result =
        failure == null
            ? GoldenResult.passed(NAME, startedAt, timings)
            : GoldenResult.failed(NAME, startedAt, timings, failure);
    return created == null
        ? result
        : result.servedBy(created.track()); // the measured step is the mutation
  }

  /** A marker no other run carries, e.g. {@code golden-5f0c...}. */
  static String newMarker() {
    return "golden-" + UUID.randomUUID();
  }

  /** Creates a probe entity carrying {@code marker}; checks what the mutation returned. */
  Created create(String marker) {
    GraphQlOperation operation = operations.createEntity();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("tenant", tenant);
    values.put("kind", probeKind);
    values.put("marker", marker);
    values.put("labels", List.of("golden-probe", marker));
    values.put("props", Map.of(MARKER_PROP, marker));
    GraphQlResponse response = api.call(operation, values);
    String idPointer = operation.pointer("id").orElseThrow();
    JsonNode id = response.at(idPointer);
    if (response.status() != 200 || !response.errors().isEmpty() || !isScalar(id)) {
      throw new GoldenException(
          "%s as tenant %s at %s failed: %s; no id at %s; body: %s"
              .formatted(
                  operation.operationName(),
                  tenant,
                  api.endpoint(),
                  response.describe(),
                  idPointer,
                  response.bodyExcerpt()));
    }
    String created = id.asString();
    operation
        .pointer("tenant")
        .ifPresent(
            pointer -> {
              JsonNode answered = response.at(pointer);
              if (!tenant.equals(answered.asString(null))) {
                throw new GoldenException(
                    "%s returned entity %s in tenant '%s' (at %s), expected '%s'"
                        .formatted(
                            operation.operationName(),
                            created,
                            answered.asString("(none)"),
                            pointer,
                            tenant));
              }
            });
    return new Created(created, marker, response.elapsed(), response.track());
  }

  private Duration readBack(Created created) {
    GraphQlOperation operation = operations.entity();
    GraphQlResponse response = api.call(operation, Map.of("id", created.id(), "tenant", tenant));
    String entityPointer = operation.pointer("entity").orElseThrow();
    JsonNode entity = response.at(entityPointer);
    if (response.status() != 200 || !response.errors().isEmpty() || !entity.isObject()) {
      throw new GoldenException(
          "read-back of entity %s (tenant %s) found nothing at %s: %s; the write was acknowledged but is not readable"
              .formatted(created.id(), tenant, entityPointer, response.describe()));
    }
    JsonNode id = response.at(operation.pointer("id").orElseThrow());
    if (!created.id().equals(id.asString(null))
        || !carriesMarker(response, operation, created.marker())) {
      throw new GoldenException(
          "read-back of entity %s returned id '%s' without the run's marker %s (read at %s); another entity came back or the write lost it"
              .formatted(
                  created.id(), id.asString("(none)"), created.marker(), markerPlaces(operation)));
    }
    return response.elapsed();
  }

  /** Deletes a probe entity; a golden never leaves data behind unnoticed. */
  Duration delete(String id) {
    GraphQlOperation operation = operations.deleteEntity();
    GraphQlResponse response = api.call(operation, Map.of("id", id, "tenant", tenant));
    JsonNode deleted = response.at(operation.pointer("deleted").orElseThrow());
    // an API confirms with true or with the id it deleted
    boolean confirmed =
        deleted.isBoolean()
            ? deleted.booleanValue()
            : isScalar(deleted) && id.equals(deleted.asString());
    if (response.status() != 200 || !response.errors().isEmpty() || !confirmed) {
      throw new GoldenException(
          "%s %s (tenant %s) did not confirm (at %s: %s): %s"
              .formatted(
                  operation.operationName(),
                  id,
                  tenant,
                  operation.pointer("deleted").orElseThrow(),
                  deleted.isMissingNode() ? "nothing" : deleted.toString(),
                  response.describe()));
    }
    return response.elapsed();
  }

  /**
   * True when the answer carries {@code marker} in the labels or at the marker place the operation
   * reads.
   */
  static boolean carriesMarker(
      GraphQlResponse response, GraphQlOperation operation, String marker) {
    return operation.pointer("labels").map(p -> contains(response.at(p), marker)).orElse(false)
        || operation
            .pointer("marker")
            .map(p -> marker.equals(response.at(p).asString(null)))
            .orElse(false);
  }

  static String markerPlaces(GraphQlOperation operation) {
    return String.join(
        " or ",
        java.util.stream.Stream.of("labels", "marker")
            .flatMap(n -> operation.pointer(n).stream())
            .toList());
  }

  static boolean contains(JsonNode labels, String marker) {
    for (JsonNode label : labels) {
      if (marker.equals(label.asString(null))) return true;
    }
    return false;
  }

  static boolean isScalar(JsonNode node) {
    return node.isString() || node.isNumber();
  }
}
