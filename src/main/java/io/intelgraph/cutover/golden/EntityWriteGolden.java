package io.intelgraph.cutover.golden;

import io.intelgraph.cutover.config.Goldens;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The entity write golden: {@code createEntity} with a marker unique to the run (a label and a
 * prop), read back through {@code entity(id, tenantId)}, then {@code deleteEntity}, which runs
 * even when an earlier step failed. The measured latency ({@value #METRIC}) is the mutation's
 * round trip; read-back and clean-up are timed as steps of their own.
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

  /** An entity a golden created, with the marker it carries and the track that served the mutation. */
  record Created(String id, String marker, Duration elapsed, ServingTrack track) {}

  private final GraphQlClient api;
  private final Goldens.Operations operations;
  private final String tenant;
  private final String probeKind;

  public EntityWriteGolden(GraphQlClient api, Goldens.Operations operations, String tenant, String probeKind) {
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
          failure = (failure == null ? "" : failure + "; and ") + "clean-up left entity " + created.id() + " behind: " + e.getMessage();
        }
      }
    }
    GoldenResult result = failure == null ? GoldenResult.passed(NAME, startedAt, timings) : GoldenResult.failed(NAME, startedAt, timings, failure);
    return created == null ? result : result.servedBy(created.track()); // the measured step is the mutation
  }

  /** A marker no other run carries, e.g. {@code golden-5f0c...}. */
  static String newMarker() {
    return "golden-" + UUID.randomUUID();
  }

  /** Creates a probe entity carrying {@code marker}; checks what the mutation returned. */
  Created create(String marker) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("tenantId", tenant);
    input.put("kind", probeKind);
    input.put("labels", List.of("golden-probe", marker));
    input.put("props", Map.of(MARKER_PROP, marker));
    GraphQlResponse response = api.execute(operations.createEntity(), Map.of("input", input));
    JsonNode entity = response.data().path("createEntity");
    if (response.status() != 200 || !response.errors().isEmpty() || !entity.path("id").isString()) {
      throw new GoldenException("createEntity as tenant %s at %s failed: %s; body: %s"
          .formatted(tenant, api.endpoint(), response.describe(), response.bodyExcerpt()));
    }
    String id = entity.path("id").stringValue();
    if (!tenant.equals(entity.path("tenantId").asString(null))) {
      throw new GoldenException("createEntity returned entity %s in tenant '%s', expected '%s'"
          .formatted(id, entity.path("tenantId").asString("(none)"), tenant));
    }
    return new Created(id, marker, response.elapsed(), response.track());
  }

  private Duration readBack(Created created) {
    GraphQlResponse response = api.execute(operations.entity(), Map.of("id", created.id(), "tenantId", tenant));
    JsonNode entity = response.data().path("entity");
    if (response.status() != 200 || !response.errors().isEmpty() || entity.isNull() || entity.isMissingNode()) {
      throw new GoldenException("read-back of entity %s (tenant %s) found nothing: %s; the write was acknowledged but is not readable"
          .formatted(created.id(), tenant, response.describe()));
    }
    if (!created.id().equals(entity.path("id").asString(null)) || !hasLabel(entity, created.marker())) {
      throw new GoldenException("read-back of entity %s returned id '%s' without the run's marker label %s; another entity came back"
          .formatted(created.id(), entity.path("id").asString("(none)"), created.marker()));
    }
    JsonNode prop = entity.path("props").path(MARKER_PROP);
    if (!entity.path("props").isMissingNode() && !created.marker().equals(prop.asString(null))) {
      throw new GoldenException("read-back of entity %s: props.%s is '%s', expected the run's marker %s; the write lost its props"
          .formatted(created.id(), MARKER_PROP, prop.asString("(none)"), created.marker()));
    }
    return response.elapsed();
  }

  /** Deletes a probe entity; a golden never leaves data behind unnoticed. */
  Duration delete(String id) {
    GraphQlResponse response = api.execute(operations.deleteEntity(), Map.of("id", id, "tenantId", tenant));
    if (response.status() != 200 || !response.errors().isEmpty() || !response.data().path("deleteEntity").asBoolean(false)) {
      throw new GoldenException("deleteEntity %s (tenant %s) did not confirm: %s".formatted(id, tenant, response.describe()));
    }
    return response.elapsed();
  }

  static boolean hasLabel(JsonNode entity, String marker) {
    for (JsonNode label : entity.path("labels")) {
      if (marker.equals(label.asString(null))) return true;
    }
    return false;
  }
}
